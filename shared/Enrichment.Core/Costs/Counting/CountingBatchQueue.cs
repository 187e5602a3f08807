namespace Enrichment.Core.Costs.Counting;

/// <summary>
/// Counts the SQS requests of sends into the current <see cref="UsageTally"/>, as billed
/// (<see cref="RequestUnits.SqsSendRequests"/>), from the body sizes the adapter reports having
/// sent. Entries the adapter re-sends after a partial failure are not seen here.
/// </summary>
public sealed class CountingBatchQueue(IBatchQueue inner, IUsageTallyAccessor usage) : IBatchQueue
{
    /// <summary>The adapter counted.</summary>
    public IBatchQueue Inner => inner;

    public async Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        var sent = await inner.SendAsync(messages, cancellationToken);
        usage.Count(new AwsUsage { SqsRequests = RequestUnits.SqsSendRequests(sent.BodyBytes) });
        return sent;
    }
}
