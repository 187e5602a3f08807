using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Ports;
using Enrichment.Core.Serialization;

namespace Enrichment.Testing.Contracts;

/// <summary>
/// Behaviour every <see cref="IBatchQueue"/> adapter must show: every message arrives as
/// <see cref="EnrichmentJsonContext"/> JSON of a <see cref="BatchMessage"/>, whatever the count.
/// Each test gets a fresh, empty queue.
/// Derived fixtures need an explicit [TestFixture]: the adapter does not discover inherited-only tests otherwise.
/// </summary>
public abstract class BatchQueueContract
{
    protected IBatchQueue Queue { get; private set; } = null!;

    /// <summary>A fresh, empty queue.</summary>
    protected abstract Task<IBatchQueue> CreateQueueAsync();

    /// <summary>
    /// Receives (and removes) message bodies from the queue just created until <paramref name="expected"/>
    /// have arrived or <paramref name="timeout"/> has passed; returns what arrived.
    /// </summary>
    protected abstract Task<IReadOnlyList<string>> ReceiveBodiesAsync(int expected, TimeSpan timeout);

    protected virtual Task DisposeQueueAsync(IBatchQueue queue) =>
        queue is IAsyncDisposable disposable ? disposable.DisposeAsync().AsTask() : Task.CompletedTask;

    [SetUp]
    public async Task CreateQueueForTestAsync() => Queue = await CreateQueueAsync();

    [TearDown]
    public Task DisposeQueueForTestAsync() => DisposeQueueAsync(Queue);

    private static BatchMessage Message(int index, string jobId = "job-1") =>
        new(jobId, 0, index, [new BatchRow(index * 100L + 1, ["ann@example.com", null, "Ann"]), new BatchRow(index * 100L + 2, ["", "+33 1 23", null])]);

    private async Task<List<BatchMessage>> ReceiveAsync(int expected, double timeoutSeconds = 20)
    {
        var bodies = await ReceiveBodiesAsync(expected, TimeSpan.FromSeconds(timeoutSeconds));
        return bodies.Select(b => JsonSerializer.Deserialize(b, EnrichmentJsonContext.Default.BatchMessage)!).ToList();
    }

    [Test]
    public async Task Send_One_ArrivesWithEveryField()
    {
        var sent = Message(7);

        await Queue.SendAsync([sent], CancellationToken.None);

        var received = (await ReceiveAsync(1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(received.JobId, Is.EqualTo(sent.JobId));
            Assert.That(received.Attempt, Is.EqualTo(sent.Attempt));
            Assert.That(received.BatchIndex, Is.EqualTo(7));
            Assert.That(received.PayloadKey, Is.Null);
            Assert.That(received.Rows!.Select(r => r.Row), Is.EqualTo(new[] { 701L, 702L }));
            Assert.That(received.Rows![0].Values, Is.EqualTo(new string?[] { "ann@example.com", null, "Ann" }));
            Assert.That(received.Rows![1].Values, Is.EqualTo(new string?[] { "", "+33 1 23", null }));
        });
    }

    [Test]
    public async Task Send_ClaimCheck_ArrivesWithPayloadKeyAndNoRows()
    {
        await Queue.SendAsync([new BatchMessage("job-2", 1, 3, null, "jobs/job-2/payloads/000003.json")], CancellationToken.None);

        var received = (await ReceiveAsync(1)).Single();
        Assert.That(received.PayloadKey, Is.EqualTo("jobs/job-2/payloads/000003.json"));
        Assert.That(received.Rows, Is.Null);
        Assert.That(received.Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task Send_MoreThanTen_EveryMessageArrivesOnce()
    {
        var sent = Enumerable.Range(0, 37).Select(i => Message(i)).ToList();

        await Queue.SendAsync(sent, CancellationToken.None);

        var received = await ReceiveAsync(sent.Count);
        Assert.That(received.Select(m => m.BatchIndex).Order(), Is.EqualTo(Enumerable.Range(0, 37)));
    }

    [Test]
    public async Task Send_ReportsTheSizeOfEachBodySent_InTheOrderGiven()
    {
        // Rows of different lengths, so a report in the wrong order or of the wrong bodies shows.
        var sent = Enumerable.Range(0, 12).Select(i => new BatchMessage("job-3", 0, i, [new BatchRow(i, [new string('x', 10 + (i * 37)), "Ann"])])).ToList();

        var report = await Queue.SendAsync(sent, CancellationToken.None);

        var bodies = await ReceiveBodiesAsync(sent.Count, TimeSpan.FromSeconds(20));
        var arrived = bodies.ToDictionary(
            body => JsonSerializer.Deserialize(body, EnrichmentJsonContext.Default.BatchMessage)!.BatchIndex,
            body => Encoding.UTF8.GetByteCount(body));
        Assert.That(report.BodyBytes, Is.EqualTo(sent.Select(m => arrived[m.BatchIndex])));
    }

    [Test]
    public async Task Send_Empty_SendsNothing()
    {
        var report = await Queue.SendAsync([], CancellationToken.None);
        Assert.That(report.BodyBytes, Is.Empty);
        await Queue.SendAsync([Message(1)], CancellationToken.None);

        // Asks for two and waits briefly: only the one real message may arrive.
        var received = await ReceiveAsync(2, 1.5);
        Assert.That(received.Select(m => m.BatchIndex), Is.EqualTo(new[] { 1 }));
    }
}
