using Enrichment.Core.Costs;
using Enrichment.Core.Providers.Http;

namespace Enrichment.Core.Tests.Costs;

public sealed class CostModelTests
{
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    private static decimal Line(JobCost cost, string item) => cost.Aws.Single(l => l.Item.StartsWith(item, StringComparison.Ordinal)).Usd;

    [Test]
    public void Price_AMillionOfEachRequest_CostsItsListPricePerMillion()
    {
        var usage = new AwsUsage
        {
            ApiRequests = 1_000_000,
            LambdaRequests = 1_000_000,
            SqsRequests = 1_000_000,
            DynamoDbWriteUnits = 1_000_000,
            DynamoDbReadUnits = 1_000_000,
            S3PutRequests = 1_000_000,
            S3GetRequests = 1_000_000,
            StepFunctionsTransitions = 1_000_000,
        };

        var cost = CostModel.Price(usage, [], new CostOptions(), Month, "test");

        Assert.Multiple(() =>
        {
            Assert.That(Line(cost, "API Gateway"), Is.EqualTo(1.00m));
            Assert.That(Line(cost, "Lambda requests"), Is.EqualTo(0.20m));
            Assert.That(Line(cost, "SQS"), Is.EqualTo(0.40m));
            Assert.That(Line(cost, "DynamoDB writes"), Is.EqualTo(0.625m));
            Assert.That(Line(cost, "DynamoDB reads"), Is.EqualTo(0.125m));
            Assert.That(Line(cost, "S3 PUT"), Is.EqualTo(5.00m));
            Assert.That(Line(cost, "S3 GET"), Is.EqualTo(0.40m));
            Assert.That(Line(cost, "Step Functions"), Is.EqualTo(25.00m));
            Assert.That(cost.AwsUsd, Is.EqualTo(1.00m + 0.20m + 0.40m + 0.625m + 0.125m + 5.00m + 0.40m + 25.00m));
            Assert.That(cost.TotalUsd, Is.EqualTo(cost.AwsUsd));
            Assert.That(cost.Prices, Does.Contain("us-east-1"));
        });
    }

    [Test]
    public void Price_LambdaDuration_IsGbSecondsAtTheArchitecturesPrice()
    {
        // 1,024 MB for 1,000 s is 1,000 GB-seconds.
        var usage = new AwsUsage { LambdaMbMilliseconds = 1024L * 1_000_000 };

        var x86 = CostModel.Price(usage, [], new CostOptions(), Month, "test");
        var arm = CostModel.Price(usage, [], new CostOptions { Arm64 = true }, Month, "test");

        Assert.That(Line(x86, "Lambda duration (x86_64)"), Is.EqualTo(1000 * AwsPrices.LambdaGbSecondX86));
        Assert.That(Line(arm, "Lambda duration (arm64)"), Is.EqualTo(1000 * AwsPrices.LambdaGbSecondArm64));
    }

    [Test]
    public void Price_S3Storage_IsProratedOverTheRetention()
    {
        var usage = new AwsUsage { S3StoredBytes = 1024L * 1024 * 1024 };

        var week = CostModel.Price(usage, [], new CostOptions(), TimeSpan.FromDays(7.5), "test");

        Assert.That(Line(week, "S3 storage"), Is.EqualTo(AwsPrices.S3GbMonth / 4));
    }

    [Test]
    public void Price_ExternalProviders_PayCallsAndMatchesAtTheirDefinitionsPrices_AndNothingWhenNoneIsStated()
    {
        ProviderCharge[] charges =
        [
            new("paid", Calls: 10, Matches: 4, new HttpPricingDefinition { PerCall = 0.01m, PerMatch = 0.10m }),
            new("free", Calls: 50, Matches: 50, Pricing: null),
        ];

        var cost = CostModel.Price(new AwsUsage(), charges, new CostOptions(), Month, "test");

        Assert.Multiple(() =>
        {
            Assert.That(cost.Providers.Single(p => p.Provider == "paid").Usd, Is.EqualTo(0.50m));
            Assert.That(cost.Providers.Single(p => p.Provider == "free").Usd, Is.Zero);
            Assert.That(cost.ProvidersUsd, Is.EqualTo(0.50m));
            Assert.That(cost.TotalUsd, Is.EqualTo(0.50m));
        });
    }

    [Test]
    public void Per100k_ScalesTheTotalToAHundredThousandRecords()
    {
        Assert.That(CostModel.Per100k(0.001m, 10_000), Is.EqualTo(0.01m));
        Assert.That(CostModel.Per100k(0.001m, 0), Is.Zero);
    }
}
