using System.Text;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

/// <summary>
/// The validation pass counts a CSV list's batches from its rows' sizes (issue 13); it must count
/// exactly what the planner cuts, which the cost estimate's pass (with a batch callback) still runs.
/// </summary>
public sealed class ListScanTests
{
    private static string Csv(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("email,first name,notes\n");
        for (var row = 0; row < rows; row++)
        {
            // Now and then a row too big for any batch, which goes alone.
            var notes = random.Next(40) == 0 ? new string('n', 700) : new string('é', random.Next(0, 60));
            csv.Append($"p{row}@example.com,\"Ann \"\"{row}\"\"\",{notes}\n");
        }

        return csv.ToString();
    }

    private static async Task<ScanResult> ScanAsync(string csv, EnrichmentOptions options, bool throughThePlanner)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        Action<Enrichment.Core.Batching.PlannedBatch, IReadOnlyList<string>>? onBatch = throughThePlanner ? (_, _) => { } : null;
        var scanned = await ListScan.ScanAsync(_ => Task.FromResult<Stream>(new MemoryStream(bytes)), InputFormat.Csv, null, options, CancellationToken.None, onBatch);
        Assert.That(scanned.Refusal, Is.Null);
        return scanned.Value;
    }

    [TestCase(10, 1024)]
    [TestCase(7, 600)]
    [TestCase(100, 200 * 1024)]
    public async Task Scan_OfACsvList_CountsWhatThePlannerCuts(int batchSize, int maxBatchBytes)
    {
        var csv = Csv(500, batchSize);
        var options = new EnrichmentOptions { BatchSize = batchSize, MaxBatchBytes = maxBatchBytes };

        var counted = await ScanAsync(csv, options, throughThePlanner: false);
        var planned = await ScanAsync(csv, options, throughThePlanner: true);

        Assert.That(
            (counted.Records, counted.Batches, counted.MessageBytes, counted.Oversized, counted.Columns, counted.ContentHash, counted.ListBytes),
            Is.EqualTo((planned.Records, planned.Batches, planned.MessageBytes, planned.Oversized, planned.Columns, planned.ContentHash, planned.ListBytes)));
        Assert.That(planned.Records, Is.EqualTo(500));
        if (maxBatchBytes < 1024)
        {
            Assert.That(planned.Oversized, Is.GreaterThan(0), "the case meant to have rows that go alone has none");
        }
    }

    [Test]
    public async Task Scan_WithoutAFingerprint_CountsAndRangesAlike_AndHashesNothing()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv(300, 3));
        var options = new EnrichmentOptions { BatchSize = 10, MaxBatchBytes = 1024 };

        var hashed = (await ListScan.ScanAsync(_ => Task.FromResult<Stream>(new MemoryStream(bytes)), InputFormat.Csv, null, options, CancellationToken.None)).Value;
        var unhashed = (await ListScan.ScanAsync(_ => Task.FromResult<Stream>(new MemoryStream(bytes)), InputFormat.Csv, null, options, CancellationToken.None, fingerprint: false)).Value;

        Assert.That(hashed.ContentHash, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(bytes)), "the list's SHA-256, for an idempotency key's check");
        Assert.That(unhashed.ContentHash, Is.Empty);
        Assert.That(
            (unhashed.Records, unhashed.Batches, unhashed.ListBytes, unhashed.MessageBytes, unhashed.Ranges),
            Is.EqualTo((hashed.Records, hashed.Batches, hashed.ListBytes, hashed.MessageBytes, hashed.Ranges)));
    }
}
