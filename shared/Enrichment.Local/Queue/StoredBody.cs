namespace Enrichment.Local.Queue;

/// <summary>Where a message's body lies in the body log: its segment, its offset there, its length.</summary>
internal readonly record struct StoredBody(long Segment, long Offset, int Length);
