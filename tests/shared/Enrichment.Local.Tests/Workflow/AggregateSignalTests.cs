using Enrichment.Local.Workflow;

namespace Enrichment.Local.Tests.Workflow;

public sealed class AggregateSignalTests
{
    [Test]
    public void Next_BeforeAnyAggregateEnds_IsPending()
    {
        var signal = new AggregateSignal();

        Assert.That(signal.Next.IsCompleted, Is.False);
    }

    [Test]
    public void Ended_CompletesEveryNextTakenBefore()
    {
        var signal = new AggregateSignal();
        var first = signal.Next;
        var second = signal.Next;

        signal.Ended();

        Assert.That(first.IsCompletedSuccessfully, Is.True);
        Assert.That(second.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void Next_TakenAfterAnEnd_WaitsForTheFollowingEnd()
    {
        var signal = new AggregateSignal();
        signal.Ended();

        var next = signal.Next;
        Assert.That(next.IsCompleted, Is.False);

        signal.Ended();
        Assert.That(next.IsCompletedSuccessfully, Is.True);
    }
}
