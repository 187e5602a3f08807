using Enrichment.Core.Ports;
using Enrichment.Local.Queue;
using Enrichment.Testing.Contracts;

namespace Enrichment.Local.Tests.Queue;

[TestFixture]
public sealed class LocalBatchQueueContractTests : BatchQueueContract
{
    private readonly TempDirectory _directory = new();
    private LocalQueueSet? _queues;

    protected override Task<IBatchQueue> CreateQueueAsync()
    {
        _queues = new LocalQueueSet(_directory.Sub(), TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
        return Task.FromResult(_queues.BatchQueue);
    }

    protected override async Task<IReadOnlyList<string>> ReceiveBodiesAsync(int expected, TimeSpan timeout)
    {
        var bodies = new List<string>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        for (var i = 0; i < 1000 && bodies.Count < expected; i++)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            var messages = await _queues!.Main.ReceiveAsync(10, left, CancellationToken.None);
            bodies.AddRange(messages.Select(m => m.Body));
            await _queues.Main.DeleteAsync(messages.Select(m => m.ReceiptHandle).ToList(), CancellationToken.None);
        }

        return bodies;
    }

    [TearDown]
    public void CloseQueues() => _queues?.Dispose();

    [OneTimeTearDown]
    public void RemoveDirectory() => _directory.Dispose();
}
