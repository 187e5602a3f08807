namespace Enrichment.Local.Sqlite;

/// <summary>
/// The schemas of the local SQLite files. Each is a .sql file beside the store that owns it, carried
/// in the assembly (see the project file), so it reads as SQL and is reviewed as SQL.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The text of the embedded schema <paramref name="fileName"/> (for instance <c>control.sql</c>).</summary>
    public static string Read(string fileName)
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream("Enrichment.Local.Schemas." + fileName)
            ?? throw new ArgumentException("no such embedded schema", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
