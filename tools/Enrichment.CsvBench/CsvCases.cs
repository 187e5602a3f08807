using System.Text;
using Enrichment.Core.Input;
using nietras.SeparatedValues;

namespace Enrichment.CsvBench;

/// <summary>
/// The reader tests' edge cases run through both readers, so what Sep does differently is seen, not
/// claimed: each line prints the rows (fields joined by |) or the error each reader gives.
/// </summary>
internal static class CsvCases
{
    private static readonly (string Name, string Text)[] Cases =
    [
        ("LF", "email,name\na@x.io,Ann\n"),
        ("CRLF", "email,name\r\na@x.io,Ann\r\n"),
        ("lone CR", "email,name\ra@x.io,Ann\rb@x.io,Bob"),
        ("quote inside unquoted field", "email,name\na@x.io,5'11\" Ann\nb@x.io,Bob\n"),
        ("unclosed quote", "email,name\na@x.io,\"Ann\nb@x.io,Bob\n"),
        ("text after closing quote", "email,name\na@x.io,\"Ann\"x\n"),
        ("record over the length limit", "email,name\na@x.io,\"" + new string('n', 5_000) + "\"\n"),
    ];

    public static async Task PrintAsync(TextWriter output)
    {
        await output.WriteLineAsync("edge cases (hand-written | Sep), record-length limit 1,024:");
        foreach (var (name, text) in Cases)
        {
            await output.WriteLineAsync($"  {name,-30} {await HandWrittenAsync(text),-44} {SepRows(text)}");
        }
    }

    private static async Task<string> HandWrittenAsync(string text)
    {
        try
        {
            var options = ContactReaderOptions.Default with { MaxRecordLength = 1_024 };
            var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), options);
            var rows = new List<string>();
            await foreach (var record in reader.ReadAsync(CancellationToken.None))
            {
                rows.Add(Show(record.Values));
            }

            return string.Join(" / ", rows);
        }
        catch (InputFormatException error)
        {
            return error.Column is { } column ? $"error at line {error.Line}, column {column}" : $"error at line {error.Line}";
        }
    }

    private static string SepRows(string text)
    {
        using var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).FromText(text);
        var rows = new List<string>();
        foreach (var row in reader)
        {
            var values = new string[row.ColCount];
            for (var i = 0; i < row.ColCount; i++)
            {
                values[i] = row[i].ToString();
            }

            rows.Add(Show(values));
        }

        return string.Join(" / ", rows);
    }

    private static string Show(IReadOnlyList<string?> values)
    {
        var joined = string.Join("|", values).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return joined.Length > 40 ? string.Concat(joined.AsSpan(0, 37), "...") : joined;
    }
}
