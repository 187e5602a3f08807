using Microsoft.Data.Sqlite;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>What a request could have left behind in a host's data directory: jobs and objects.</summary>
internal sealed record ServedWorld(long Jobs, long IdempotencyKeys, int Objects)
{
    public static ServedWorld Read(string dataDirectory)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "control.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        var objects = Path.Combine(dataDirectory, "objects");
        return new ServedWorld(
            Count(connection, "jobs"),
            Count(connection, "idempotency"),
            Directory.Exists(objects) ? Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).Count() : 0);
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
