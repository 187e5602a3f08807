using System.Text.Json;
using Enrichment.Core.Input;

namespace Enrichment.Local.Host.Tests;

/// <summary>Reads lists and outputs back as rows of values, with the product's own readers.</summary>
internal static class OutputFiles
{
    public static async Task<(IReadOnlyList<string> Columns, List<string?[]> Rows)> ReadAsync(string path, InputFormat format)
    {
        await using var stream = File.OpenRead(path);
        var reader = ContactReaders.Open(stream, format, new ContactReaderOptions());
        var rows = new List<string?[]>();
        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            rows.Add(record.Values);
        }

        return (reader.Columns.ToArray(), rows);
    }

    public static string Column(IReadOnlyList<string> columns, string?[] row, string name)
    {
        var index = columns.ToList().IndexOf(name);
        return index >= 0 && index < row.Length ? row[index] ?? string.Empty : throw new KeyNotFoundException(name);
    }

    public static async Task WriteJsonArrayAsync(string csvPath, string jsonPath)
    {
        var (columns, rows) = await ReadAsync(csvPath, InputFormat.Csv);
        await using var stream = File.Create(jsonPath);
        await using var json = new Utf8JsonWriter(stream);
        json.WriteStartArray();
        foreach (var row in rows)
        {
            WriteObject(json, columns, row);
        }

        json.WriteEndArray();
    }

    public static async Task WriteJsonLinesAsync(string csvPath, string jsonlPath)
    {
        var (columns, rows) = await ReadAsync(csvPath, InputFormat.Csv);
        await using var file = new StreamWriter(jsonlPath);
        foreach (var row in rows)
        {
            using var buffer = new MemoryStream();
            await using (var json = new Utf8JsonWriter(buffer))
            {
                WriteObject(json, columns, row);
            }

            await file.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static void WriteObject(Utf8JsonWriter json, IReadOnlyList<string> columns, string?[] row)
    {
        json.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            json.WriteString(columns[i], i < row.Length ? row[i] : null);
        }

        json.WriteEndObject();
    }
}
