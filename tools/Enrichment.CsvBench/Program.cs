using System.Diagnostics;
using System.Globalization;
using System.Text;
using Enrichment.Core.Input;
using Enrichment.Core.Output;
using nietras.SeparatedValues;

namespace Enrichment.CsvBench;

/// <summary>
/// `dotnet run -c Release --project tools/Enrichment.CsvBench -- list.csv [passes]`: reads the list with
/// the product's <see cref="CsvContactReader"/> and with Sep, writes its rows with the product's
/// <see cref="CsvRecordWriter"/> and with Sep's writer, all in memory, and prints each one's CPU time
/// (best and median of the passes, after a warm-up pass) and allocations, whether the two agree, and
/// what each reader makes of the reader tests' edge cases.
/// A third argument (`reader  Sep`, say) runs only the runs whose name contains it, so an instruction
/// count (valgrind --tool=callgrind) taken at two pass counts gives one run's cost per pass.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            await Console.Error.WriteLineAsync("usage: Enrichment.CsvBench <list.csv> [passes, default 7]");
            return 2;
        }

        var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        var only = args.Length > 2 ? args[2] : string.Empty;
        var bytes = await File.ReadAllBytesAsync(args[0]);
        var (header, rows) = await CsvRuns.ReadWithProductAsync(bytes);
        var sepRows = CsvRuns.ReadWithSep(bytes);
        var readersAgree = CsvRuns.SameRows(rows, sepRows);
        var productOutput = await CsvRuns.WriteWithProductAsync(header, rows);
        var sepOutput = CsvRuns.WriteWithSep(header, rows);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count:N0} rows, {bytes.Length / 1048576.0:N1} MB, {passes} passes after a warm-up; CPU ms per pass"));
        await ReportAsync("reader  hand-written", passes, only, async () => (await CsvRuns.ReadWithProductAsync(bytes)).Rows.Count);
        await ReportAsync("reader  Sep", passes, only, () => Task.FromResult(CsvRuns.ReadWithSep(bytes).Count));
        await ReportAsync("writer  hand-written", passes, only, async () => (await CsvRuns.WriteWithProductAsync(header, rows)).Length);
        await ReportAsync("writer  Sep", passes, only, () => Task.FromResult(CsvRuns.WriteWithSep(header, rows).Length));
        Console.WriteLine($"readers give the same values: {(readersAgree ? "yes" : "no")}");
        await CsvCases.PrintAsync(Console.Out);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"writers give the same bytes: {(productOutput.AsSpan().SequenceEqual(sepOutput) ? "yes" : "no")} (hand-written {productOutput.Length:N0} bytes, CRLF line ends {CsvRuns.EndsLinesWithCrLf(productOutput)}; Sep {sepOutput.Length:N0} bytes, CRLF line ends {CsvRuns.EndsLinesWithCrLf(sepOutput)})"));
        return 0;
    }

    private static async Task ReportAsync(string name, int passes, string only, Func<Task<int>> work)
    {
        if (!name.Contains(only, StringComparison.Ordinal))
        {
            return;
        }

        await work();
        var cpu = new List<double>(passes);
        var allocated = new List<double>(passes);
        for (var i = 0; i < passes; i++)
        {
            using var self = Process.GetCurrentProcess();
            var before = self.TotalProcessorTime;
            var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
            await work();
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - before).TotalMilliseconds);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / 1048576.0);
        }

        cpu.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-22} best {cpu[0],7:N0}  median {cpu[cpu.Count / 2],7:N0}  allocated {allocated.Min(),7:N1} MB"));
    }
}

/// <summary>The four measured runs, each over the whole list in memory.</summary>
internal static class CsvRuns
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(string[] Header, List<string?[]> Rows)> ReadWithProductAsync(byte[] bytes)
    {
        var reader = new CsvContactReader(new MemoryStream(bytes, writable: false));
        var rows = new List<string?[]>();
        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            rows.Add([.. record.Values]);
        }

        return ([.. reader.Columns], rows);
    }

    /// <summary>Sep as the product would use it: strict UTF-8, quotes removed, ragged rows allowed.</summary>
    public static List<string?[]> ReadWithSep(byte[] bytes)
    {
        using var text = new StreamReader(new MemoryStream(bytes, writable: false), StrictUtf8, detectEncodingFromByteOrderMarks: true);
        using var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true }).From(text);
        var width = reader.Header.ColNames.Count;
        var rows = new List<string?[]>();
        foreach (var row in reader)
        {
            var values = new string?[width];
            for (var i = 0; i < row.ColCount && i < width; i++)
            {
                values[i] = row[i].ToString();
            }

            rows.Add(values);
        }

        return rows;
    }

    public static async Task<byte[]> WriteWithProductAsync(string[] header, List<string?[]> rows)
    {
        var output = new MemoryStream();
        var writer = new CsvRecordWriter(output, leaveOpen: true);
        await using (writer)
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row, CancellationToken.None);
            }
        }

        return output.ToArray();
    }

    /// <summary>Sep's writer quoting only where needed, into the same UTF-8 without a byte order mark.</summary>
    public static byte[] WriteWithSep(string[] header, List<string?[]> rows)
    {
        var output = new MemoryStream();
        using (var text = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(text))
        {
            WriteSepRow(writer, header);
            foreach (var row in rows)
            {
                WriteSepRow(writer, row);
            }
        }

        return output.ToArray();
    }

    public static bool SameRows(List<string?[]> a, List<string?[]> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second, StringComparer.Ordinal));

    public static bool EndsLinesWithCrLf(byte[] output)
    {
        var newline = Array.IndexOf(output, (byte)'\n');
        return newline > 0 && output[newline - 1] == '\r';
    }

    private static void WriteSepRow(SepWriter writer, string?[] values)
    {
        using var row = writer.NewRow();
        for (var i = 0; i < values.Length; i++)
        {
            row[i].Set(values[i] ?? string.Empty);
        }
    }
}
