using Enrichment.Core.Costs;
using Enrichment.Core.Jobs;

namespace Enrichment.Core.Tests.Costs;

public sealed class AwsUsageTests
{
    [Test]
    public void Usage_RoundTripsThroughJobCounters_AndOtherCountersAreIgnored()
    {
        var usage = new AwsUsage { ApiRequests = 1, LambdaRequests = 2, LambdaMbMilliseconds = 3, SqsRequests = 4, DynamoDbWriteUnits = 5, DynamoDbReadUnits = 6, S3PutRequests = 7, S3GetRequests = 8, S3StoredBytes = 9, StepFunctionsTransitions = 10 };
        var counters = usage.ToCounters();
        counters[JobCounters.Calls("fakeperson")] = 99;

        Assert.That(AwsUsage.FromCounters(counters), Is.EqualTo(usage));
        Assert.That(counters.Keys.Where(k => k.StartsWith(AwsUsage.CounterPrefix, StringComparison.Ordinal)), Has.Exactly(10).Items);
    }

    [Test]
    public void Usage_Adds_FieldByField()
    {
        var sum = new AwsUsage { SqsRequests = 2, S3PutRequests = 1 } + new AwsUsage { SqsRequests = 3, DynamoDbReadUnits = 17 };

        Assert.That(sum, Is.EqualTo(new AwsUsage { SqsRequests = 5, S3PutRequests = 1, DynamoDbReadUnits = 17 }));
    }

    [Test]
    public void Counters_LeaveOutZeros()
    {
        Assert.That(new AwsUsage { SqsRequests = 1 }.ToCounters().Keys, Is.EqualTo(new[] { "aws:sqs:requests" }));
    }
}
