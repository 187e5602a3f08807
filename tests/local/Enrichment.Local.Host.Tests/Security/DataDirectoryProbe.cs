using Microsoft.Data.Sqlite;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>What a host left in its data directory: jobs in the control table and files in the object store.</summary>
internal static class DataDirectoryProbe
{
    public static long Jobs(string dataDirectory)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "control.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM jobs";
        return (long)command.ExecuteScalar()!;
    }

    public static int Objects(string dataDirectory)
    {
        var root = Path.Combine(dataDirectory, "objects");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;
    }
}
