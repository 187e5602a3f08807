using Enrichment.Core.Jobs;

namespace Enrichment.Core.Tests.Jobs;

public sealed class JobStatesTests
{
    [TestCase(JobState.Accepted, "accepted")]
    [TestCase(JobState.Processing, "processing")]
    [TestCase(JobState.Aggregating, "aggregating")]
    [TestCase(JobState.Completed, "completed")]
    [TestCase(JobState.CompletedWithErrors, "completed_with_errors")]
    [TestCase(JobState.Failed, "failed")]
    public void WireName_RoundTrips(JobState state, string wire)
    {
        Assert.That(state.ToWire(), Is.EqualTo(wire));
        Assert.That(JobStates.Parse(wire), Is.EqualTo(state));
    }

    [Test]
    public void Parse_RejectsUnknownState() =>
        Assert.Throws<FormatException>(() => JobStates.Parse("done"));

    [TestCase(JobState.Completed, true)]
    [TestCase(JobState.CompletedWithErrors, true)]
    [TestCase(JobState.Failed, true)]
    [TestCase(JobState.Processing, false)]
    [TestCase(JobState.Aggregating, false)]
    public void IsFinished_OnlyForTerminalStates(JobState state, bool finished) =>
        Assert.That(state.IsFinished(), Is.EqualTo(finished));
}
