using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;
using Enrichment.Local.Queue;

namespace Enrichment.Local.Tests.Queue;

public sealed class LocalBatchQueueTests
{
    [Test]
    public async Task Send_StoresEachBodyAsTheBytesTheSerializerMakes_InOrder()
    {
        using var directory = new TempDirectory();
        using var queues = new LocalQueueSet(directory.Path, TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
        BatchMessage[] messages =
        [
            new("job", 1, 0, [new BatchRow(1, ["Zoë", "+1 555 0100", "say \"hi\"", null, "東京 😀"]), new BatchRow(2, ["<b>&'", "", "\\", "\n", "\u2028"])]),
            new("job", 1, 1, Rows: null, PayloadKey: "jobs/job/payloads/1.json"),
            new("job", 2, 2, Rows: null, ErrorsOnly: true),
        ];

        var sent = await queues.BatchQueue.SendAsync(messages, CancellationToken.None);
        var received = await queues.Main.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None);

        var expected = messages.Select(m => JsonSerializer.SerializeToUtf8Bytes(m, EnrichmentJsonContext.Default.BatchMessage)).ToList();
        Assert.That(received.Select(m => m.Utf8Body.ToArray()), Is.EqualTo(expected));
        Assert.That(sent.BodyBytes, Is.EqualTo(expected.Select(e => e.Length)));
    }
}
