using Microsoft.Data.Sqlite;

namespace Enrichment.Local.Sqlite;

/// <summary>An open connection with its prepared commands, used by one thread at a time.</summary>
public sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    internal SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public int Execute(string sql, params ReadOnlySpan<object?> arguments) => Prepare(sql, arguments).ExecuteNonQuery();

    public object? Scalar(string sql, params ReadOnlySpan<object?> arguments)
    {
        var value = Prepare(sql, arguments).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query and maps each row; parameters are bound positionally as $1, $2, ...</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<object?> arguments)
    {
        var command = Prepare(sql, arguments);
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, ReadOnlySpan<object?> arguments)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
#pragma warning disable CA2100 // Only constant SQL reaches here; values are always bound parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            for (var i = 0; i < arguments.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }

            command.Prepare();
            _commands[sql] = command;
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            command.Parameters[i].Value = arguments[i] ?? DBNull.Value;
        }

        return command;
    }
}
