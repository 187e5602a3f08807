namespace Enrichment.Core.Costs.Counting;

/// <summary>Counts the answer cache's DynamoDB units into the current <see cref="UsageTally"/>: one per key read, one per answer written.</summary>
public sealed class CountingAnswerCache(IProviderAnswerCache inner, IUsageTallyAccessor usage) : IProviderAnswerCache
{
    /// <summary>The adapter counted.</summary>
    public IProviderAnswerCache Inner => inner;

    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        usage.Count(new AwsUsage { DynamoDbReadUnits = (keys?.Count ?? 0) * RequestUnits.AnswerReadUnits });
        return inner.GetManyAsync(jobId, provider, keys!, cancellationToken);
    }

    public Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        usage.Count(new AwsUsage { DynamoDbWriteUnits = (answers?.Count ?? 0) * RequestUnits.AnswerWriteUnits });
        return inner.PutManyAsync(jobId, provider, answers!, expiresAt, cancellationToken);
    }
}
