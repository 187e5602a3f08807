using Enrichment.Local.Durability;

namespace Enrichment.Local.Tests.Durability;

/// <summary>Group commit: one fsync covers every write made before it started, and only those.</summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task OneFsync_CoversEveryWriteMadeBeforeItStarted()
    {
        var syncs = 0;
        var group = new GroupCommit(() => syncs++);
        var tickets = new[] { group.Written(), group.Written(), group.Written() };

        foreach (var ticket in tickets)
        {
            await group.WaitDurableAsync(ticket);
        }

        Assert.That((syncs, group.Syncs, group.Pending), Is.EqualTo((1, 1L, false)));
    }

    [Test]
    public async Task TheWriterWhoseTicketStartsAnFsync_IsNotHeldWhileItRuns()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var group = new GroupCommit(() =>
        {
            started.Set();
            Assert.That(release.Wait(Bound), Is.True);
        });

        // The worker goes on to its next batch while the disk works: the call returns at once.
        var waiting = group.WaitDurableAsync(group.Written());

        Assert.That(started.Wait(Bound), Is.True);
        Assert.That(waiting.IsCompleted, Is.False, "durable only once the fsync has returned");
        release.Set();
        await waiting.WaitAsync(Bound);
        Assert.That(group.Syncs, Is.EqualTo(1));
    }

    [Test]
    public async Task WritesWaitingWhileAnFsyncRuns_ShareOneFsyncAfterIt()
    {
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var calls = 0;
        var group = new GroupCommit(() =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstStarted.Set();
                Assert.That(releaseFirst.Wait(Bound), Is.True);
            }
        });

        var first = Task.Run(() => group.WaitDurableAsync(group.Written()));
        Assert.That(firstStarted.Wait(Bound), Is.True);
        // Three writers finish while the first fsync runs: it started before them, so it cannot cover them.
        var waiting = Enumerable.Range(0, 3).Select(_ => group.WaitDurableAsync(group.Written())).ToList();
        var pendingWhileFirstRuns = waiting.Count(t => !t.IsCompleted);
        releaseFirst.Set();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Bound);

        Assert.That((pendingWhileFirstRuns, calls), Is.EqualTo((3, 2)), "the three shared one fsync after the first");
    }

    [Test]
    public async Task AWrite_IsNeverReportedDurable_BeforeAnFsyncThatStartedAfterIt()
    {
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        using var secondStarted = new ManualResetEventSlim();
        using var releaseSecond = new ManualResetEventSlim();
        var calls = 0;
        var group = new GroupCommit(() =>
        {
            var call = Interlocked.Increment(ref calls);
            (call == 1 ? firstStarted : secondStarted).Set();
            Assert.That((call == 1 ? releaseFirst : releaseSecond).Wait(Bound), Is.True);
        });

        var first = Task.Run(() => group.WaitDurableAsync(group.Written()));
        Assert.That(firstStarted.Wait(Bound), Is.True);
        var late = Task.Run(() => group.WaitDurableAsync(group.Written()));
        releaseFirst.Set();
        await first.WaitAsync(Bound);
        // The fsync that was running when the late write finished has returned; the late one is not durable yet.
        Assert.That(secondStarted.Wait(Bound), Is.True);
        var completedBeforeItsFsync = late.IsCompleted;
        releaseSecond.Set();
        await late.WaitAsync(Bound);

        Assert.That((completedBeforeItsFsync, calls, group.Pending), Is.EqualTo((false, 2, false)));
    }

    [Test]
    public async Task AFailedFsync_IsReportedToEveryWriteItWasToCover_AndTheNextOneTriesAgain()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var calls = 0;
        var group = new GroupCommit(() =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                started.Set();
                Assert.That(release.Wait(Bound), Is.True);
                throw new IOException("the disk failed");
            }
        });

        var leader = Task.Run(() => group.WaitDurableAsync(group.Written()));
        Assert.That(started.Wait(Bound), Is.True);
        var follower = group.WaitDurableAsync(group.Written());
        release.Set();

        Assert.ThrowsAsync<IOException>(() => leader.WaitAsync(Bound));
        Assert.ThrowsAsync<IOException>(() => follower.WaitAsync(Bound));
        Assert.That(group.Pending, Is.True, "nothing was made durable");
        await group.WaitDurableAsync(group.Last);
        Assert.That((calls, group.Pending), Is.EqualTo((2, false)));
    }
}
