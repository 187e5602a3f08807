using System.Text;
using Enrichment.Core.Batching;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

/// <summary>
/// The validation pass gives each batch of a CSV list as the byte range of its records (issue 13):
/// the worker parses that range of the kept list, so it must hold exactly the rows the planner cuts.
/// </summary>
public sealed class ListScanRangeTests
{
    private static string Csv(int rows, int seed, string newline, bool blankLines)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("email;first name;notes" + newline);
        for (var row = 0; row < rows; row++)
        {
            var notes = random.Next(6) switch
            {
                0 => new string('n', random.Next(300, 900)),
                1 => "\"two\r\nlines; \"\"quoted\"\"\"",
                2 => "Анна 😀 " + new string('é', random.Next(0, 40)),
                3 => string.Empty,
                _ => "plain",
            };
            csv.Append($"p{row}@example.com;Ann {row};{notes}{newline}");
            if (blankLines && random.Next(10) == 0)
            {
                csv.Append(newline).Append(newline);
            }
        }

        return csv.ToString();
    }

    private static async Task<(ScanResult Counted, List<PlannedBatch> Planned)> ScanAsync(byte[] bytes, EnrichmentOptions options)
    {
        var planned = new List<PlannedBatch>();
        var counted = await ListScan.ScanAsync(_ => Task.FromResult<Stream>(new MemoryStream(bytes)), InputFormat.Csv, null, options, CancellationToken.None);
        var throughPlanner = await ListScan.ScanAsync(_ => Task.FromResult<Stream>(new MemoryStream(bytes)), InputFormat.Csv, null, options, CancellationToken.None, (batch, _) => planned.Add(batch));
        Assert.That((counted.Refusal, throughPlanner.Refusal), Is.EqualTo(((Refusal?)null, (Refusal?)null)));
        return (counted.Value, planned);
    }

    /// <summary>The rows in a range, read as a list of their own behind the list's header.</summary>
    private static async Task<List<InputRecord>> RowsInAsync(byte[] bytes, int headerBytes, InputRange range)
    {
        var list = bytes.AsSpan(0, headerBytes).ToArray().Concat(bytes.AsSpan((int)range.Offset, range.Length).ToArray()).ToArray();
        var rows = new List<InputRecord>();
        await foreach (var record in new CsvContactReader(new MemoryStream(list)).ReadAsync(CancellationToken.None))
        {
            rows.Add(record);
        }

        return rows;
    }

    [TestCase("\n", false, false, 10, 1024)]
    [TestCase("\r\n", true, false, 7, 600)]
    [TestCase("\r", true, true, 100, 200 * 1024)]
    [TestCase("\n", true, true, 3, 300)]
    public async Task Scan_OfACsvList_GivesEachBatchAsTheRangeOfItsRows(string newline, bool blankLines, bool bom, int batchSize, int maxBatchBytes)
    {
        var text = Csv(400, batchSize, newline, blankLines);
        var bytes = (bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        var headerBytes = (bom ? 3 : 0) + Encoding.UTF8.GetByteCount(text[..(text.IndexOf(newline, StringComparison.Ordinal) + newline.Length)]);

        var (scan, planned) = await ScanAsync(bytes, new EnrichmentOptions { BatchSize = batchSize, MaxBatchBytes = maxBatchBytes });

        var ranges = scan.Ranges!;
        Assert.That(ranges, Has.Count.EqualTo(planned.Count).And.Count.EqualTo(scan.Batches));
        Assert.That(ranges[0].Offset, Is.EqualTo(headerBytes), "the first range starts after the header");
        Assert.That(ranges[^1].Offset + ranges[^1].Length, Is.EqualTo(bytes.Length), "the last range runs to the list's end");
        for (var i = 0; i < ranges.Count; i++)
        {
            Assert.That(ranges[i].Delimiter, Is.EqualTo(';'));
            if (i > 0)
            {
                Assert.That(ranges[i].Offset, Is.EqualTo(ranges[i - 1].Offset + ranges[i - 1].Length), "ranges follow each other");
            }

            var rows = await RowsInAsync(bytes, headerBytes, ranges[i]);
            var expected = planned[i].Rows;
            Assert.That((ranges[i].FirstRow, ranges[i].Rows), Is.EqualTo((expected[0].Row, expected.Count)), $"batch {i}");
            Assert.That(rows.Select(r => r.Values), Is.EqualTo(expected.Select(r => r.Values)), $"batch {i}'s values");
        }
    }

    [Test]
    public async Task Scan_OfAUtf16List_GivesNoRanges()
    {
        var bytes = new UnicodeEncoding(bigEndian: false, byteOrderMark: true).GetPreamble()
            .Concat(Encoding.Unicode.GetBytes("email,name\na@b.com,Ann\n")).ToArray();

        var (scan, _) = await ScanAsync(bytes, new EnrichmentOptions());

        Assert.That(scan.Records, Is.EqualTo(1));
        Assert.That(scan.Ranges, Is.Null, "its text's offsets are not its bytes'");
    }

    [Test]
    public async Task Scan_OfAJsonList_GivesNoRanges()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"email\":\"a@b.com\"}]");

        var scanned = await ListScan.ScanAsync(_ => Task.FromResult<Stream>(new MemoryStream(bytes)), InputFormat.Json, null, new EnrichmentOptions(), CancellationToken.None);

        Assert.That(scanned.Value.Ranges, Is.Null);
    }
}
