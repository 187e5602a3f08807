using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Testing.Jobs;

namespace Enrichment.Core.Tests.Ports;

public sealed class JobItemLimitTests
{
    [Test]
    public void Problem_IsNullForAJobOfTheLargestAcceptedHeader()
    {
        // 1,000 columns sharing the 64 KiB header: the widest job a reader lets through.
        var job = Job([.. Enumerable.Range(1, 1_000).Select(i => $"{i:D4}" + new string('x', 60))]);

        Assert.That(JobItemLimit.Problem(job), Is.Null);
    }

    [Test]
    public void Problem_NamesTheLimitForAJobTooBigForOneItem()
    {
        var job = Job([.. Enumerable.Range(1, 1_000).Select(i => new string('\u0001', 60))]);

        Assert.That(JobItemLimit.Problem(job), Does.Contain("over the limit of 256 KiB"));
    }

    private static JobRecord Job(IReadOnlyList<string> columns) => TestJobs.Create("job", JobState.Accepted, DateTimeOffset.UnixEpoch) with
    {
        ExpiresAt = DateTimeOffset.UnixEpoch,
        InputFormat = "Csv",
        Columns = columns,
        Providers = ["normalize", "email"],
    };
}
