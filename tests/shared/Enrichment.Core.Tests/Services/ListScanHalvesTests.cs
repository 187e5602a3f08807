using System.Text;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Services;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

/// <summary>
/// A large stored CSV list's validation pass reads its two halves at once (issue 13). Whatever the
/// list, the pass must find exactly what one pass over the whole list finds: the same header, counts,
/// message bytes and ranges, or the same refusal, word for word.
/// </summary>
public sealed class ListScanHalvesTests
{
    private const string Key = "uploads/job/list.csv";

    /// <summary>A list just over the size read in halves, its rows messy in the ways a CSV export is.</summary>
    private static byte[] List(int seed, string newline, bool bom, string? middle = null, string? late = null)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("id,email,first name,notes" + newline);
        var row = 0;
        var bytes = 0L;
        var middleWritten = false;
        while (bytes < ListScan.HalvesFrom + (64 * 1024))
        {
            var notes = random.Next(7) switch
            {
                0 => new string('n', random.Next(100, 400)),
                1 => "\"two" + newline + "lines, \"\"quoted\"\"\"",
                2 => "Анна 😀 " + new string('é', random.Next(0, 40)),
                3 => string.Empty,
                4 => "\"a, b\"",
                _ => "plain",
            };

            // Some rows start with U+FEFF: the one that begins the second half is text, not a byte order mark.
            var id = random.Next(5) == 0 ? "\uFEFF" + row : row.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var line = $"{id},p{row}@example.com,Ann {row},{notes}{newline}" + (random.Next(20) == 0 ? newline : string.Empty);
            if (middle is not null && !middleWritten && bytes > (ListScan.HalvesFrom / 2) - (64 * 1024))
            {
                line += middle;
                middleWritten = true;
            }

            csv.Append(line);
            bytes += Encoding.UTF8.GetByteCount(line);
            row++;
        }

        if (late is not null)
        {
            csv.Append(late);
        }

        var text = Encoding.UTF8.GetBytes(csv.ToString());
        return bom ? [0xEF, 0xBB, 0xBF, .. text] : text;
    }

    private static async Task<(Outcome<ScanResult> Scan, int Opens)> ScanAsync(byte[] bytes, long? storedSize, EnrichmentOptions options)
    {
        var store = new InMemoryObjectStore();
        store.Write(Key, bytes);
        var opens = 0;
        var scan = await ListScan.ScanAsync(
            _ =>
            {
                opens++;
                return Task.FromResult<Stream>(new MemoryStream(bytes));
            },
            InputFormat.Csv,
            null,
            options,
            CancellationToken.None,
            fingerprint: false,
            stored: storedSize is { } size ? new StoredList(store, Key, size) : null);
        return (scan, opens);
    }

    private static void AssertSame(Outcome<ScanResult> halves, Outcome<ScanResult> whole)
    {
        Assert.That(halves.Refusal, Is.EqualTo(whole.Refusal));
        if (whole.Refusal is not null)
        {
            return;
        }

        var (a, b) = (halves.Value, whole.Value);
        Assert.That(a.Columns, Is.EqualTo(b.Columns));
        Assert.That((a.Records, a.Batches, a.ListBytes, a.MessageBytes, a.Oversized), Is.EqualTo((b.Records, b.Batches, b.ListBytes, b.MessageBytes, b.Oversized)));
        Assert.That(a.Ranges, Is.Not.Null.And.EqualTo(b.Ranges));
    }

    [TestCase(1, "\n", false, 500, 256 * 1024)]
    [TestCase(2, "\r\n", true, 500, 256 * 1024)]
    [TestCase(3, "\n", true, 37, 4 * 1024)]
    [TestCase(4, "\r\n", false, 1000, 600)]
    public async Task Scan_OfALargeStoredList_ReadsItsHalvesAtOnce_AndFindsWhatOnePassFinds(int seed, string newline, bool bom, int batchSize, int maxBatchBytes)
    {
        var bytes = List(seed, newline, bom);
        var options = new EnrichmentOptions { BatchSize = batchSize, MaxBatchBytes = maxBatchBytes };

        var (halves, opens) = await ScanAsync(bytes, bytes.Length, options);
        var (whole, _) = await ScanAsync(bytes, null, options);

        Assert.That(opens, Is.EqualTo(1), "only the first bytes were opened as a stream: the halves were read as ranges");
        AssertSame(halves, whole);
    }

    [Test]
    public async Task Scan_WhenTheLineBreakPastTheMiddleIsInsideQuotes_ReadsTheListInOnePass()
    {
        // A quoted value of many lines across the middle: the first line break past it is not a record's end.
        var quotedLines = "1,q@example.com,Quinn,\"" + string.Concat(Enumerable.Repeat("line of a long note\n", 8000)) + "end\"\n";
        var bytes = List(5, "\n", false, middle: quotedLines);
        var options = new EnrichmentOptions();

        var (halves, opens) = await ScanAsync(bytes, bytes.Length, options);
        var (whole, _) = await ScanAsync(bytes, null, options);

        Assert.That(opens, Is.EqualTo(2), "the list was read again as one stream");
        AssertSame(halves, whole);
    }

    [TestCase("9,x@example.com,Xena,notes,one too many\n")]
    [TestCase("9,x@example.com,Xena,\"never closed\n")]
    public async Task Scan_OfAListRefusedInItsSecondHalf_RefusesItWithOnePassesMessage(string badRow)
    {
        var bytes = List(6, "\n", false, late: badRow);

        var (halves, _) = await ScanAsync(bytes, bytes.Length, new EnrichmentOptions());
        var (whole, _) = await ScanAsync(bytes, null, new EnrichmentOptions());

        Assert.That(whole.Refusal, Is.Not.Null);
        Assert.That(halves.Refusal, Is.EqualTo(whole.Refusal), "the same message, with the whole list's line and column");
    }

    [TestCase(-1)]
    [TestCase(1)]
    public async Task Scan_WhenTheStoredListIsNotTheSizeItsEventGave_ReadsItInOnePass(int wrongBy)
    {
        var bytes = List(7, "\n", false);

        var (halves, opens) = await ScanAsync(bytes, bytes.Length + wrongBy, new EnrichmentOptions());
        var (whole, _) = await ScanAsync(bytes, null, new EnrichmentOptions());

        Assert.That(opens, Is.EqualTo(2));
        AssertSame(halves, whole);
    }
}
