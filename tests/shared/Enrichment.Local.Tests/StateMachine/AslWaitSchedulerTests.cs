using Enrichment.Local.StateMachine;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.StateMachine;

public sealed class AslWaitSchedulerTests
{
    [Test]
    public async Task Wait_EndsWhenTheClockPassesTheDuration()
    {
        var time = new ManualTimeProvider();
        var scheduler = new AslWaitScheduler(time);

        var waiting = scheduler.WaitAsync("e", TimeSpan.FromSeconds(30), CancellationToken.None);
        await time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(waiting.IsCompleted, Is.False);

        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Wake_EndsTheCurrentWaitEarly()
    {
        var scheduler = new AslWaitScheduler(new ManualTimeProvider());
        var waiting = scheduler.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None);

        scheduler.Wake("job-1");

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(waiting.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task Wake_BeforeTheWait_EndsTheNextWait_Once()
    {
        var time = new ManualTimeProvider();
        var scheduler = new AslWaitScheduler(time);
        scheduler.Wake("job-1");

        await scheduler.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var second = scheduler.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None);

        Assert.That(second.IsCompleted, Is.False, "a wake-up is spent by one wait");
        scheduler.Wake("job-1");
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Wake_OtherExecution_DoesNotEndThisWait()
    {
        var scheduler = new AslWaitScheduler(new ManualTimeProvider());
        var waiting = scheduler.WaitAsync("job-1", TimeSpan.FromHours(1), CancellationToken.None);

        scheduler.Wake("job-2");

        Assert.That(waiting.IsCompleted, Is.False);
        scheduler.Wake("job-1");
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task MaxWait_CapsEveryPause()
    {
        var time = new ManualTimeProvider();
        var scheduler = new AslWaitScheduler(time, TimeSpan.FromSeconds(1));

        var waiting = scheduler.WaitAsync("e", TimeSpan.FromHours(1), CancellationToken.None);
        await time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Forget_DropsAKeptWakeUp()
    {
        var time = new ManualTimeProvider();
        var scheduler = new AslWaitScheduler(time);
        scheduler.Wake("job-1");

        scheduler.Forget("job-1");
        var waiting = scheduler.WaitAsync("job-1", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.That(waiting.IsCompleted, Is.False);
        await time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(5));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
