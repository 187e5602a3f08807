namespace Enrichment.Core.Services;

/// <param name="Replayed">True when an earlier request with the same idempotency key created the job.</param>
public sealed record SubmitResult(string JobId, JobState State, bool Replayed);
