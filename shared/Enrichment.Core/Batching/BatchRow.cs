namespace Enrichment.Core.Batching;

/// <summary>A record inside a batch: its input row number and its values aligned with the job's columns.</summary>
/// <remarks>
/// A row the split read from a CSV list carries its JSON instead (<see cref="Json"/>, written by
/// <see cref="RowJsonWriter"/> while the list was parsed), which the converter writes as it is: the
/// split never makes a string of a value it only sends on (issue 13). Its <see cref="Values"/> are
/// decoded from that JSON when asked for.
/// <para>
/// A row the worker read from its message holds its values as a part's fields instead
/// (<see cref="Fields"/>, read by <see cref="BatchRowJsonConverter"/>): they go into the part as those
/// bytes, and only the values the providers read become strings (<see cref="ReadValues"/>).
/// </para>
/// </remarks>
[JsonConverter(typeof(BatchRowJsonConverter))]
public sealed record BatchRow : IRowRecord<BatchRow>
{
    private readonly byte[]? _json;
    private readonly byte[]? _fields;
    private string?[]? _values;

    public BatchRow(long row, string?[] values)
    {
        Row = row;
        _values = values;
    }

    private BatchRow(long row, byte[]? json, byte[]? fields)
    {
        Row = row;
        _json = json;
        _fields = fields;
    }

    public long Row { get; init; }

    public string?[] Values
    {
        // Null only for a row read from JSON that had no values, as before.
        get => _values ?? (_json is not null ? _values = Decode(_json) : _fields is not null ? _values = DecodeFields(_fields) : null!);
        init
        {
            _values = value;
            _json = null;
            _fields = null;
        }
    }

    /// <summary>The row as the serializer would write it (<c>{"row":n,"values":[...]}</c>); null for a row made of values.</summary>
    internal byte[]? Json => _json;

    /// <summary>The values as a part's fields (their count, then each value's UTF-8 after its length: <see cref="PartFields"/>); null for a row not read by the worker.</summary>
    /// <remarks>Null once <see cref="Values"/> was read or set: the values are then what counts.</remarks>
    internal byte[]? Fields => _values is null ? _fields : null;

    string?[]? IRowRecord<BatchRow>.Enrichment => null;

    /// <summary>A row from its JSON as <see cref="RowJsonWriter"/> wrote it, for row <paramref name="row"/>.</summary>
    internal static BatchRow FromJson(long row, byte[] json) => new(row, json, null);

    /// <summary>A row from its values as a part's fields (see <see cref="Fields"/>), known valid UTF-8.</summary>
    internal static BatchRow FromFields(long row, byte[] fields) => new(row, null, fields);

    static BatchRow IRowRecord<BatchRow>.Create(long row, string?[] values, string?[]? enrichment) => new(row, values);

    public void Deconstruct(out long row, out string?[] values)
    {
        row = Row;
        values = Values;
    }

    /// <summary>
    /// Puts into <paramref name="destination"/> the values of the columns <paramref name="wanted"/> marks,
    /// as strings (a value repeated from an earlier row is the same string: <see cref="RepeatedStrings"/>);
    /// the others, and those past the row, are left as they are.
    /// </summary>
    internal void ReadValues(ReadOnlySpan<bool> wanted, Span<string?> destination)
    {
        if (Fields is not { } fields)
        {
            // A row without values is refused as mapping it always was.
            var values = Values;
            ArgumentNullException.ThrowIfNull(values);
            for (var i = 0; i < values.Length && i < destination.Length; i++)
            {
                if (i < wanted.Length && wanted[i])
                {
                    destination[i] = values[i];
                }
            }

            return;
        }

        var bytes = fields.AsSpan();
        var at = 0;
        var strings = RepeatedStrings.ForThread;
        PartFields.TryReadNumber(bytes, ref at, out var count);
        for (var i = 0; i < (int)count && i < wanted.Length && i < destination.Length; i++)
        {
            PartFields.TryReadField(bytes, ref at, out var value, out var isNull);
            if (wanted[i])
            {
                destination[i] = isNull ? null : strings.Get(value);
            }
        }
    }

    private static string?[] DecodeFields(byte[] fields)
    {
        var at = 0;
        PartFields.TryReadNumber(fields, ref at, out var count);
        var values = new string?[(int)count];
        for (var i = 0; i < values.Length; i++)
        {
            PartFields.TryReadField(fields, ref at, out var value, out var isNull);
            values[i] = isNull ? null : RepeatedStrings.Of(value);
        }

        return values;
    }

    private static string?[] Decode(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return RowJson.ReadRecord(ref reader).Values ?? [];
    }
}
