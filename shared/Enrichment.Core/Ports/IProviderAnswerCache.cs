namespace Enrichment.Core.Ports;

/// <summary>
/// Answers of external providers within one job, so that an identical lookup is paid for once per
/// job even when its records sit in different batches on different workers. Answers hold personal
/// data: adapters keep them only until <c>expiresAt</c> (the job's own expiry) and never log them.
/// </summary>
public interface IProviderAnswerCache
{
    /// <summary>
    /// The stored answers of the given keys (absent keys are left out). Keys are lowercase hex
    /// SHA-256 digests (64 characters); answers are opaque strings of at most 32 KB.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Stores answers; a key stored already is overwritten (any answer for a key is as good as another).</summary>
    Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
