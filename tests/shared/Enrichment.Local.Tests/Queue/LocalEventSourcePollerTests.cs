using System.Collections.Concurrent;
using Enrichment.Local.Queue;

namespace Enrichment.Local.Tests.Queue;

public sealed class LocalEventSourcePollerTests
{
    private TempDirectory _directory = null!;
    private LocalQueueSet _queues = null!;

    [SetUp]
    public void Open()
    {
        _directory = new TempDirectory();
        _queues = new LocalQueueSet(_directory.Path, TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
    }

    [TearDown]
    public void Close()
    {
        _queues.Dispose();
        _directory.Dispose();
    }

    private static LocalEventSourceOptions Options(int concurrency = 1, int batchSize = 10, TimeSpan? visibility = null) =>
        new() { BatchSize = batchSize, Concurrency = concurrency, WaitTime = TimeSpan.FromMilliseconds(200), VisibilityTimeout = visibility };

    [Test]
    public async Task PollOnce_DeletesSucceeded_LeavesReportedFailuresForRedelivery()
    {
        await _queues.Main.SendAsync(["ok-1", "bad", "ok-2"], CancellationToken.None);
        var seen = new List<QueueMessage>();
        var poller = new LocalEventSourcePoller(
            _queues.Main,
            (messages, _) =>
            {
                seen.AddRange(messages);
                return Task.FromResult<IReadOnlyList<string>>(messages.Where(m => m.Body == "bad").Select(m => m.MessageId).ToList());
            },
            Options());

        Assert.That(await poller.PollOnceAsync(CancellationToken.None), Is.EqualTo(3));

        Assert.That(await _queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 1L)), "only the failed message is left, in flight");
        Assert.That(seen.Select(m => m.SourceArn).Distinct(), Is.EqualTo(new[] { _queues.Main.Arn }));
    }

    [Test]
    public async Task HandlerThatThrows_FailsTheWholeBatch()
    {
        await _queues.Main.SendAsync(["a", "b"], CancellationToken.None);
        var errors = new List<Exception>();
        var poller = new LocalEventSourcePoller(_queues.Main, (_, _) => throw new InvalidOperationException("crash"), Options(), errors.Add);

        await poller.PollOnceAsync(CancellationToken.None);

        Assert.That(errors.Single().Message, Is.EqualTo("crash"));
        Assert.That(await _queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 2L)), "both left in flight for redelivery");
    }

    [Test]
    public async Task PoisonMessage_EndsOnTheDeadLetterPath_AfterMaxReceives()
    {
        await _queues.Main.SendAsync(["poison", "fine"], CancellationToken.None);
        var deadLetters = new ConcurrentQueue<QueueMessage>();
        var deadLettered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new ConcurrentDictionary<string, int>();
        var main = new LocalEventSourcePoller(
            _queues.Main,
            (messages, _) =>
            {
                foreach (var m in messages)
                {
                    attempts.AddOrUpdate(m.Body, 1, (_, n) => n + 1);
                }

                return Task.FromResult<IReadOnlyList<string>>(messages.Where(m => m.Body == "poison").Select(m => m.MessageId).ToList());
            },
            // A zero visibility timeout: a failed message comes back at once, so redelivery needs no clock games.
            Options(visibility: TimeSpan.Zero));
        var dlq = new LocalEventSourcePoller(
            _queues.DeadLetters,
            (messages, _) =>
            {
                foreach (var m in messages)
                {
                    deadLetters.Enqueue(m);
                }

                deadLettered.TrySetResult();
                return Task.FromResult<IReadOnlyList<string>>([]);
            },
            Options());
        using var stop = new CancellationTokenSource();

        var running = Task.WhenAll(main.RunAsync(stop.Token), dlq.RunAsync(stop.Token));
        await deadLettered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(deadLetters.Single().Body, Is.EqualTo("poison"));
        Assert.That(deadLetters.Single().SourceArn, Is.EqualTo(_queues.DeadLetters.Arn));
        Assert.That(attempts["poison"], Is.EqualTo(3));
        Assert.That(attempts["fine"], Is.EqualTo(1));
        Assert.That(await _queues.DeadLetters.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task ConcurrentPollers_DeliverEveryMessage_AndStopOnCancellation()
    {
        const int count = 300;
        await _queues.Main.SendAsync(Enumerable.Range(0, count).Select(i => "m" + i).ToList(), CancellationToken.None);
        var handled = new ConcurrentBag<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var poller = new LocalEventSourcePoller(
            _queues.Main,
            (messages, _) =>
            {
                foreach (var m in messages)
                {
                    handled.Add(m.Body);
                }

                if (handled.Count >= count)
                {
                    all.TrySetResult();
                }

                return Task.FromResult<IReadOnlyList<string>>([]);
            },
            Options(concurrency: 4, batchSize: 7));
        using var stop = new CancellationTokenSource();

        var running = poller.RunAsync(stop.Token);
        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();

        Assert.That(async () => await running.WaitAsync(TimeSpan.FromSeconds(10)), Throws.Nothing);
        Assert.That(handled, Has.Count.EqualTo(count));
        Assert.That(handled, Is.Unique);
        Assert.That(await _queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Run_StoppedWhileABatchIsHandled_StillDeletesThatBatch()
    {
        await _queues.Main.SendAsync(["a", "b"], CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var poller = new LocalEventSourcePoller(
            _queues.Main,
            (_, _) =>
            {
                // Stopped mid-batch: the batch is done, and its delete is the last thing the poller does.
                stop.Cancel();
                return Task.FromResult<IReadOnlyList<string>>([]);
            },
            Options());

        await poller.RunAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(await _queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Run_FlushesOncePerRound_AfterTheHandlerAndBeforeTheDelete()
    {
        await _queues.Main.SendAsync(["a", "b", "c"], CancellationToken.None);
        var steps = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var poller = new LocalEventSourcePoller(
            _queues.Main,
            (messages, _) =>
            {
                steps.Enqueue("handled " + messages.Count);
                stop.Cancel();
                return Task.FromResult<IReadOnlyList<string>>([]);
            },
            Options(),
            beforeDelete: async _ =>
            {
                var (visible, inFlight) = await _queues.Main.CountAsync(CancellationToken.None);
                steps.Enqueue($"flush with {visible + inFlight} left");
            });

        await poller.RunAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(steps, Is.EqualTo(new[] { "handled 3", "flush with 3 left" }));
        Assert.That(await _queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task PollOnce_WhenEveryMessageFailed_DoesNotFlush()
    {
        await _queues.Main.SendAsync(["bad"], CancellationToken.None);
        var flushes = 0;
        var poller = new LocalEventSourcePoller(
            _queues.Main,
            (messages, _) => Task.FromResult<IReadOnlyList<string>>([.. messages.Select(m => m.MessageId)]),
            Options(),
            beforeDelete: _ =>
            {
                flushes++;
                return Task.CompletedTask;
            });

        await poller.PollOnceAsync(CancellationToken.None);

        Assert.That(flushes, Is.Zero);
        Assert.That(await _queues.Main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 1L)));
    }

    [Test]
    public void Options_BatchSizeOverTen_IsRefused() =>
        Assert.That(
            () => new LocalEventSourcePoller(_queues.Main, (_, _) => Task.FromResult<IReadOnlyList<string>>([]), Options(batchSize: 11)),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
}
