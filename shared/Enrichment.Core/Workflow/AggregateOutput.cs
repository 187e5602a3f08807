namespace Enrichment.Core.Workflow;

public sealed record AggregateOutput(
    string JobId,
    string Status,
    string? OutputKey,
    long Records,
    long Ok,
    long Invalid,
    long Error,
    long Duplicates);
