using Enrichment.Core.Jobs;
using Enrichment.Testing.Jobs;

namespace Enrichment.Core.Tests.Jobs;

public sealed class JobRecordTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Created.AddMinutes(5);

    [Test]
    public void Finished_InAFinishedState_EndsTheJobNowWithItsError()
    {
        var finished = Job().Finished(JobState.Failed, "the list never arrived", Now);

        Assert.Multiple(() =>
        {
            Assert.That(finished.State, Is.EqualTo(JobState.Failed));
            Assert.That(finished.Error, Is.EqualTo("the list never arrived"));
            Assert.That(finished.UpdatedAt, Is.EqualTo(Now));
            Assert.That(finished.FinishedAt, Is.EqualTo(Now));
            Assert.That(finished.CreatedAt, Is.EqualTo(Created));
        });
    }

    [Test]
    public void Finished_InAStateThatIsNotAnEnd_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Job().Finished(JobState.Processing, null, Now));
    }

    private static JobRecord Job() => TestJobs.Create("job-1", JobState.Aggregating, Created) with { TotalRecords = 10 };
}
