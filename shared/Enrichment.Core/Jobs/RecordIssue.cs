namespace Enrichment.Core.Jobs;

/// <summary>
/// One record that did not end ok, as the summary lists it: its row (1-based, as in
/// <c>duplicate_of</c>), its status and its reasons. No contact value, so the summary stays free of
/// personal data.
/// </summary>
public sealed record RecordIssue(long Row, string Status, string? Errors);
