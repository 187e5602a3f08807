using Enrichment.Local.Queue;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.StateMachine;

public sealed class PollerWakeUpTests
{
    [Test]
    public async Task AfterRound_WithTheQueueDry_EndsTheRunningPollersPauses()
    {
        using var directory = new TempDirectory();
        using var queues = new LocalQueueSet(directory.Path, TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
        var waits = new AslWaitScheduler(new ManualTimeProvider());
        var wakeUp = new PollerWakeUp(queues.Main, waits, () => ["job-1", "job-2"]);
        var first = waits.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None);
        var second = waits.WaitAsync("job-2", TimeSpan.FromHours(1), CancellationToken.None);

        await wakeUp.AfterRoundAsync(CancellationToken.None);

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task AfterRound_WithABatchLeftToHandOut_LetsThePollersSleep()
    {
        using var directory = new TempDirectory();
        using var queues = new LocalQueueSet(directory.Path, TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
        await queues.Main.SendAsync(["batch"], CancellationToken.None);
        var waits = new AslWaitScheduler(new ManualTimeProvider());
        var wakeUp = new PollerWakeUp(queues.Main, waits, () => ["job-1"]);
        var waiting = waits.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None);

        await wakeUp.AfterRoundAsync(CancellationToken.None);

        Assert.That(waiting.IsCompleted, Is.False);
        waits.Wake("job-1");
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task AfterRound_BetweenTwoChecks_EndsThePollersNextPause()
    {
        using var directory = new TempDirectory();
        using var queues = new LocalQueueSet(directory.Path, TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
        var waits = new AslWaitScheduler(new ManualTimeProvider());
        var wakeUp = new PollerWakeUp(queues.Main, waits, () => ["job-1"]);

        // The last batch is committed while the poller is checking, not pausing.
        await wakeUp.AfterRoundAsync(CancellationToken.None);

        await waits.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task HasVisible_SeesOnlyMessagesThatCanBeReceivedNow()
    {
        using var directory = new TempDirectory();
        using var queues = new LocalQueueSet(directory.Path, TimeProvider.System, maxReceiveCount: 3, TimeSpan.FromSeconds(30));
        Assert.That(await queues.Main.HasVisibleAsync(CancellationToken.None), Is.False);

        await queues.Main.SendAsync(["batch"], CancellationToken.None);
        Assert.That(await queues.Main.HasVisibleAsync(CancellationToken.None), Is.True);

        // Received: in flight, not visible, until its visibility timeout.
        var received = await queues.Main.ReceiveAsync(1, TimeSpan.Zero, CancellationToken.None);
        Assert.That(received, Has.Count.EqualTo(1));
        Assert.That(await queues.Main.HasVisibleAsync(CancellationToken.None), Is.False);
    }
}
