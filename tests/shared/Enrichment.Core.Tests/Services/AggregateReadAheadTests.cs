using Enrichment.Core.Configuration;
using Enrichment.Core.Ports;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class AggregateReadAheadTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Aggregate_ReadsPartsInParallel_AndWritesThemInBatchOrder()
    {
        var options = new EnrichmentOptions { BatchSize = 5, AggregateReadAhead = 4 };
        var pipeline = new InMemoryPipeline(options);
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(40)), CancellationToken.None)).Value;
        await pipeline.DeliverAllAsync();
        // Every part read waits until three are in flight at once: read one at a time, the gate
        // would only open on its timeout and the peak would stay at one.
        var store = new GatedPartStore(pipeline.Store, openAt: 3);
        var aggregate = new AggregateService(pipeline.Table, store, pipeline.Providers, options, pipeline.Time, pipeline.Usage);

        var output = await aggregate.AggregateAsync(new AggregateInput(job.JobId, Attempt: 0), CancellationToken.None);

        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.Multiple(() =>
        {
            Assert.That(output.Status, Is.EqualTo("completed"));
            Assert.That(store.PeakInFlight, Is.InRange(3, 4), "parallel, within the read-ahead bound");
            Assert.That(lines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 40).Select(i => $"row {i}")));
        });
    }

    /// <summary>The store, with part reads held until <c>openAt</c> of them are in flight (or 10 s passed).</summary>
    private sealed class GatedPartStore(IObjectStore inner, int openAt) : IObjectStore
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        private int _peak;

        public int PeakInFlight => Volatile.Read(ref _peak);

        public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
        {
            if (!key.Contains("/parts/", StringComparison.Ordinal))
            {
                return await inner.OpenReadAsync(key, cancellationToken);
            }

            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _peak, now);
            if (now >= openAt)
            {
                _open.TrySetResult();
            }

            try
            {
                await _open.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (TimeoutException)
            {
                // Not parallel: let it through, the peak tells.
            }

            try
            {
                return await inner.OpenReadAsync(key, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
            inner.PutAsync(key, content, contentType, cancellationToken);

        public Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
            inner.ReadRangeAsync(key, offset, destination, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken) => inner.DeletePrefixAsync(prefix, cancellationToken);

        public Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken) =>
            inner.StartUploadAsync(key, contentType, cancellationToken);

        public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken) =>
            inner.GetDownloadUrlAsync(key, lifetime, downloadFileName, cancellationToken);

        public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken) =>
            inner.GetUploadUrlAsync(key, lifetime, contentType, contentLength, cancellationToken);

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
