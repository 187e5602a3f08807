namespace Enrichment.Core.Services;

/// <summary>What the split function answers for an S3 event (one entry per uploaded list).</summary>
public sealed record SplitResponse(IReadOnlyList<SplitResult> Jobs);

public sealed record SplitResult(string JobId, string Status);
