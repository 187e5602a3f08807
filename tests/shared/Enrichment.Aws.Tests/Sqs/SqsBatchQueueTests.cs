using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Enrichment.Aws.Sqs;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;

namespace Enrichment.Aws.Tests.Sqs;

/// <summary>SQS-specific sending: grouping by count and by size, limits, every message once.</summary>
[TestFixture]
public sealed class SqsBatchQueueTests
{
    private AmazonSQSClient _client = null!;
    private string _queueUrl = null!;

    [OneTimeSetUp]
    public async Task CreateQueueOnceAsync()
    {
        _client = MotoClients.Sqs();
        _queueUrl = await MotoResources.CreateQueueAsync(_client);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    [SetUp]
    public Task PurgeAsync() => _client.PurgeQueueAsync(new PurgeQueueRequest { QueueUrl = _queueUrl });

    private SqsBatchQueue NewQueue() => new(_client, _queueUrl, TimeProvider.System);

    /// <summary>A message whose JSON body is about <paramref name="approximateBytes"/> long.</summary>
    private static BatchMessage Sized(int index, int approximateBytes) =>
        new("job-big", 0, index, [new BatchRow(index, [new string('x', approximateBytes - 100), "a@example.com"])]);

    private static int BodySize(BatchMessage message) =>
        System.Text.Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(message, EnrichmentJsonContext.Default.BatchMessage));

    private async Task<List<BatchMessage>> ReceiveAsync(int expected) =>
        (await MotoResources.DrainAsync(_client, _queueUrl, expected, TimeSpan.FromSeconds(30)))
            .Select(body => JsonSerializer.Deserialize(body, EnrichmentJsonContext.Default.BatchMessage)!)
            .ToList();

    [Test]
    public async Task Send_ManyGroupsInParallel_EveryMessageArrivesExactlyOnce()
    {
        var messages = Enumerable.Range(0, 95).Select(i => new BatchMessage("job-many", 0, i, [new BatchRow(i, ["v" + i])])).ToList();

        await NewQueue().SendAsync(messages, CancellationToken.None);

        var received = await ReceiveAsync(messages.Count);
        Assert.That(received.Select(m => m.BatchIndex).Order(), Is.EqualTo(Enumerable.Range(0, 95)));
        Assert.That(received.Select(m => m.Rows![0].Values[0]).Order(), Is.EquivalentTo(messages.Select(m => m.Rows![0].Values[0])));
    }

    [Test]
    public async Task Send_LargeMessages_SplitUnderTheRequestLimit_AndAllArriveIntact()
    {
        // Ten messages of ~100 KB: one group of ten would be ~1 MB, so it must be split.
        var messages = Enumerable.Range(0, 10).Select(i => Sized(i, 100_000)).ToList();

        await NewQueue().SendAsync(messages, CancellationToken.None);

        var received = await ReceiveAsync(messages.Count);
        Assert.That(received.Select(m => m.BatchIndex).Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(received.Select(m => m.Rows![0].Values[0]!.Length), Is.All.EqualTo(100_000 - 100));
    }

    [Test]
    public async Task Send_MessageJustUnderTheLimit_Arrives()
    {
        var message = Sized(1, 250_000);
        Assert.That(BodySize(message), Is.LessThanOrEqualTo(SqsBatchQueue.MaxRequestBytes));

        await NewQueue().SendAsync([message], CancellationToken.None);

        var received = await ReceiveAsync(1);
        Assert.That(received.Single().Rows![0].Values[0], Is.EqualTo(message.Rows![0].Values[0]));
    }

    [Test]
    public async Task Send_MessageOverTheLimit_ThrowsClearly_AndSendsNothing()
    {
        var messages = new[] { Sized(0, 1_000), Sized(1, 300_000) };

        var exception = Assert.ThrowsAsync<ArgumentException>(() => NewQueue().SendAsync(messages, CancellationToken.None));

        Assert.That(exception!.Message, Does.Contain("Batch 1").And.Contain("PayloadKey"));
        Assert.That(await MotoResources.DrainAsync(_client, _queueUrl, 1, TimeSpan.FromSeconds(2)), Is.Empty);
    }

    [Test]
    public void Group_RespectsTenEntriesAndTheByteLimit_InOrder()
    {
        var sizes = new[] { 100, 200, 120_000, 120_000, 30_000, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 262_144, 1 };
        var entries = sizes.Select((size, i) => new SqsBatchQueue.Entry("m" + i, i, "x", size)).ToList();

        var groups = SqsBatchQueue.Group(entries).ToList();

        Assert.That(groups.SelectMany(group => group).Select(entry => entry.BatchIndex), Is.EqualTo(Enumerable.Range(0, sizes.Length)));
        Assert.That(groups, Has.All.Matches<IReadOnlyList<SqsBatchQueue.Entry>>(group => group.Count is >= 1 and <= 10));
        Assert.That(groups, Has.All.Matches<IReadOnlyList<SqsBatchQueue.Entry>>(group => group.Sum(entry => entry.Size) <= SqsBatchQueue.MaxRequestBytes));
        // 100+200+120000 fits; the second 120000 would pass 256 KiB with the first three? (240300 < 262144) so it joins; 30000 does not.
        Assert.That(groups[0].Select(entry => entry.BatchIndex), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(groups.Single(group => group.Any(entry => entry.Size == 262_144)), Has.Count.EqualTo(1));
    }

    [Test]
    public void Send_ToAMissingQueue_ThrowsNamingTheBatchesAndTheError()
    {
        var missing = _queueUrl[.._queueUrl.LastIndexOf('/')] + "/does-not-exist";
        var queue = new SqsBatchQueue(_client, missing, TimeProvider.System, maxAttempts: 2);

        var exception = Assert.ThrowsAsync<BatchQueueSendException>(() => queue.SendAsync([Sized(0, 500), Sized(1, 500)], CancellationToken.None));

        Assert.That(exception!.FailedBatchIndexes, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(exception.Message, Does.Contain("2 of 2").And.Contain("does-not-exist"));
    }
}
