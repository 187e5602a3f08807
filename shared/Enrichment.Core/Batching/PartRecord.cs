using System.Text.Json.Serialization;

namespace Enrichment.Core.Batching;

/// <summary>
/// One line of a batch part: the input values as received and the enrichment values aligned with
/// the job's enrichment columns (duplicate_of is left for the aggregate, which sees the whole job).
/// </summary>
[JsonConverter(typeof(PartRecordJsonConverter))]
public sealed record PartRecord(long Row, string?[] Values, string?[] Enrichment);
