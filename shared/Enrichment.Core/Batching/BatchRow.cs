namespace Enrichment.Core.Batching;

/// <summary>A record inside a batch: its input row number and its values aligned with the job's columns.</summary>
[JsonConverter(typeof(RowRecordJsonConverter<BatchRow>))]
public sealed record BatchRow(long Row, string?[] Values) : IRowRecord<BatchRow>
{
    string?[]? IRowRecord<BatchRow>.Enrichment => null;

    static BatchRow IRowRecord<BatchRow>.Create(long row, string?[] values, string?[]? enrichment) => new(row, values);
}
