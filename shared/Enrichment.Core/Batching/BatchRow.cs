namespace Enrichment.Core.Batching;

/// <summary>A record inside a batch: its input row number and its values aligned with the job's columns.</summary>
/// <remarks>
/// A row the split read from a CSV list carries its JSON instead (<see cref="Json"/>, written by
/// <see cref="RowJsonWriter"/> while the list was parsed), which the converter writes as it is: the
/// split never makes a string of a value it only sends on (issue 13). Its <see cref="Values"/> are
/// decoded from that JSON when asked for.
/// </remarks>
[JsonConverter(typeof(RowRecordJsonConverter<BatchRow>))]
public sealed record BatchRow : IRowRecord<BatchRow>
{
    private readonly byte[]? _json;
    private string?[]? _values;

    public BatchRow(long row, string?[] values)
    {
        Row = row;
        _values = values;
    }

    private BatchRow(long row, byte[] json)
    {
        Row = row;
        _json = json;
    }

    public long Row { get; init; }

    public string?[] Values
    {
        // Null only for a row read from JSON that had no values, as before.
        get => _values ?? (_json is null ? null! : _values = Decode(_json));
        init
        {
            _values = value;
            _json = null;
        }
    }

    /// <summary>The row as the serializer would write it (<c>{"row":n,"values":[...]}</c>); null for a row made of values.</summary>
    internal byte[]? Json => _json;

    string?[]? IRowRecord<BatchRow>.Enrichment => null;

    /// <summary>A row from its JSON as <see cref="RowJsonWriter"/> wrote it, for row <paramref name="row"/>.</summary>
    internal static BatchRow FromJson(long row, byte[] json) => new(row, json);

    static BatchRow IRowRecord<BatchRow>.Create(long row, string?[] values, string?[]? enrichment) => new(row, values);

    public void Deconstruct(out long row, out string?[] values)
    {
        row = Row;
        values = Values;
    }

    private static string?[] Decode(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return RowJson.ReadRecord(ref reader).Values ?? [];
    }
}
