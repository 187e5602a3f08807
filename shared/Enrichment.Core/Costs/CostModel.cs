namespace Enrichment.Core.Costs;

/// <summary>
/// Prices a job's usage: each AWS quantity times its line of <see cref="AwsPrices"/>, and each
/// external provider's calls and matches times the prices of its definition. Pure; the one place
/// prices are applied, for estimates and counts alike.
/// </summary>
public static class CostModel
{
    /// <summary>Days in a billing month, as S3 prorates storage.</summary>
    private const double DaysPerMonth = 30;

    private const double BytesPerGb = 1024.0 * 1024 * 1024;

    /// <summary>Decimal places kept in dollar figures (a millionth of a cent).</summary>
    private const int Places = 8;

    public static JobCost Price(AwsUsage usage, IReadOnlyList<ProviderCharge> providers, CostOptions options, TimeSpan retention, string basis)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        var gbMonths = usage.S3StoredBytes / BytesPerGb * (retention.TotalDays / DaysPerMonth);
        CostLine[] lines =
        [
            Line("API Gateway HTTP API", usage.ApiRequests, "requests", AwsPrices.HttpApiRequest),
            Line("Lambda requests", usage.LambdaRequests, "requests", AwsPrices.LambdaRequest),
            Line(options.Arm64 ? "Lambda duration (arm64)" : "Lambda duration (x86_64)", (decimal)usage.LambdaGbSeconds, "GB-seconds", options.LambdaGbSecondPrice),
            Line("SQS", usage.SqsRequests, "requests (64 KiB chunks)", AwsPrices.SqsRequest),
            Line("DynamoDB writes", usage.DynamoDbWriteUnits, "write request units", AwsPrices.DynamoDbWriteUnit),
            Line("DynamoDB reads", usage.DynamoDbReadUnits, "read request units", AwsPrices.DynamoDbReadUnit),
            Line("S3 PUT, COPY, POST, LIST", usage.S3PutRequests, "requests", AwsPrices.S3PutRequest),
            Line("S3 GET and others", usage.S3GetRequests, "requests", AwsPrices.S3GetRequest),
            Line("S3 storage", (decimal)gbMonths, "GB-months", AwsPrices.S3GbMonth),
            Line("Step Functions", usage.StepFunctionsTransitions, "state transitions", AwsPrices.StepFunctionsTransition),
        ];
        var providerCosts = providers.Select(Provider).ToList();
        var aws = Math.Round(lines.Sum(static l => l.Usd), Places);
        var paid = Math.Round(providerCosts.Sum(static p => p.Usd), Places);
        return new JobCost(aws + paid, aws, paid, lines, providerCosts, basis, AwsPrices.Basis);
    }

    /// <summary>Dollars per 100,000 records of a job of <paramref name="records"/> records.</summary>
    public static decimal Per100k(decimal usd, long records) => records <= 0 ? 0 : Math.Round(usd * 100_000 / records, Places);

    private static CostLine Line(string item, decimal quantity, string unit, decimal price) =>
        new(item, Math.Round(quantity, 6), unit, price, Math.Round(quantity * price, Places));

    private static ProviderCost Provider(ProviderCharge charge)
    {
        var usd = (charge.Calls * (charge.Pricing?.PerCall ?? 0)) + (charge.Matches * (charge.Pricing?.PerMatch ?? 0));
        return new ProviderCost(charge.Provider, charge.Calls, charge.Matches, charge.Pricing?.PerCall, charge.Pricing?.PerMatch, Math.Round(usd, Places));
    }
}
