using Enrichment.Core.Jobs;

namespace Enrichment.Core.Tests.Jobs;

public sealed class ProviderStatisticsTests
{
    [Test]
    public void FromCounters_GroupsByProviderWithRatesOverRecordsLookedUp()
    {
        var counters = new Dictionary<string, long>
        {
            [JobCounters.AttemptBatches(0)] = 3,
            [JobCounters.Calls("b")] = 1,
            [JobCounters.Calls("a")] = 5,
            [JobCounters.Sent("a")] = 150,
            [JobCounters.Reused("a")] = 50,
            [JobCounters.Skipped("a")] = 7,
            [JobCounters.Matched("a")] = 160,
            [JobCounters.Filled("a", "job_title")] = 100,
            [JobCounters.Filled("a", "a_company")] = 40,
        };

        var stats = ProviderStatistics.FromCounters(counters);

        Assert.That(stats.Select(s => s.Provider), Is.EqualTo(new[] { "a", "b" }));
        var a = stats[0];
        Assert.That((a.Calls, a.Sent, a.Reused, a.Skipped, a.Matched, a.MatchRate), Is.EqualTo((5L, 150L, 50L, 7L, 160L, 0.8)));
        Assert.That(a.Fields, Is.EqualTo(new[] { new FieldStatistics("a_company", 40, 0.2), new FieldStatistics("job_title", 100, 0.5) }));
        Assert.That(stats[1].MatchRate, Is.Zero, "nothing looked up: no rate, no division by zero");
        Assert.That(a.Describe(), Is.EqualTo("a: 5 calls, 150 sent, 50 reused, 7 skipped, 80.0 % matched"));
    }

    [Test]
    public void FromCounters_WithoutProviderCounters_IsEmpty()
    {
        Assert.That(ProviderStatistics.FromCounters(null), Is.Empty);
        Assert.That(ProviderStatistics.FromCounters(new Dictionary<string, long> { [JobCounters.AttemptBatches(1)] = 2 }), Is.Empty);
    }
}
