namespace Enrichment.Core.Batching;

/// <summary>
/// One record of a batch part: the input values as received and the enrichment values aligned with
/// the job's enrichment columns (duplicate_of is left for the aggregate, which sees the whole job).
/// </summary>
[JsonConverter(typeof(RowRecordJsonConverter<PartRecord>))]
public sealed record PartRecord(long Row, string?[] Values, string?[] Enrichment) : IRowRecord<PartRecord>
{
    // The worker always writes the enrichment; a part without it reads with the array null, as it always has.
    static PartRecord IRowRecord<PartRecord>.Create(long row, string?[] values, string?[]? enrichment) => new(row, values, enrichment!);
}
