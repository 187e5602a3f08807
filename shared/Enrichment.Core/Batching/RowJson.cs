using System.Buffers;
using System.Text.Unicode;

namespace Enrichment.Core.Batching;

/// <summary>
/// The JSON of the row arrays that every record of a job crosses on its way (the message's rows,
/// the part's values and enrichment), read and written by hand for <see cref="RowRecordJsonConverter{T}"/>.
/// The generated path read each array into a growing list and copied it out, through the slower
/// constructor-argument path of positional records; these write exactly the bytes it wrote and read what it read.
/// </summary>
internal static class RowJson
{
    [ThreadStatic]
    private static string?[]? Scratch;

    /// <summary>
    /// <c>{"row":n,"values":[...],"enrichment":[...]}</c>, the shape both row types share (a batch row has
    /// no enrichment); other properties are skipped. The reader is on the object's start.
    /// </summary>
    public static (long Row, string?[]? Values, string?[]? Enrichment) ReadRecord(ref Utf8JsonReader reader)
    {
        var arrays = new RowArrays.New();
        var (row, _, _) = ReadRecord(ref reader, ref arrays);
        return (row, arrays.Values, arrays.Enrichment);
    }

    /// <summary>
    /// <see cref="ReadRecord(ref Utf8JsonReader)"/> with the two arrays read by <paramref name="arrays"/>
    /// (into new arrays, the caller's spans or UTF-8 cells). The counts are the arrays' lengths, -1 for
    /// an array absent or null.
    /// </summary>
    public static (long Row, int ValueCount, int EnrichmentCount) ReadRecord<TArrays>(ref Utf8JsonReader reader, ref TArrays arrays)
        where TArrays : IRowArrays, allows ref struct
    {
        ExpectObject(ref reader);
        long row = 0;
        var valueCount = -1;
        var enrichmentCount = -1;
        while (NextProperty(ref reader))
        {
            var property = reader.ValueTextEquals("row"u8) ? 1 : reader.ValueTextEquals("values"u8) ? 2 : reader.ValueTextEquals("enrichment"u8) ? 3 : 0;
            ToValue(ref reader);
            switch (property)
            {
                case 1:
                    row = ReadRow(ref reader);
                    break;
                case 2:
                    valueCount = arrays.ReadValues(ref reader);
                    break;
                case 3:
                    enrichmentCount = arrays.ReadEnrichment(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (row, valueCount, enrichmentCount);
    }

    /// <summary>Writes the shape <see cref="ReadRecord"/> reads; a null array is left out.</summary>
    public static void WriteRecord(Utf8JsonWriter writer, long row, string?[]? values, string?[]? enrichment)
    {
        writer.WriteStartObject();
        writer.WriteNumber("row"u8, row);
        if (values is not null)
        {
            writer.WritePropertyName("values"u8);
            WriteStrings(writer, values);
        }

        if (enrichment is not null)
        {
            writer.WritePropertyName("enrichment"u8);
            WriteStrings(writer, enrichment);
        }

        writer.WriteEndObject();
    }

    /// <summary><see cref="WriteRecord"/> of a part's record, its enrichment values from a span.</summary>
    public static void WritePartRecord(Utf8JsonWriter writer, long row, string?[] values, ReadOnlySpan<string?> enrichment)
    {
        writer.WriteStartObject();
        writer.WriteNumber("row"u8, row);
        writer.WritePropertyName("values"u8);
        WriteStrings(writer, values);
        writer.WritePropertyName("enrichment"u8);
        WriteStrings(writer, enrichment);
        writer.WriteEndObject();
    }

    /// <summary>A JSON array of strings and nulls, or null; the reader is on its first token.</summary>
    internal static string?[]? ReadStrings(ref Utf8JsonReader reader)
    {
        if (!StartsArray(ref reader))
        {
            return null;
        }

        var scratch = Scratch ??= new string?[64];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var value = reader.TokenType switch
            {
                JsonTokenType.String => RepeatedStrings.Read(ref reader),
                JsonTokenType.Null => null,
                _ => throw new JsonException("expected a string or null in the array"),
            };
            if (count == scratch.Length)
            {
                Array.Resize(ref scratch, scratch.Length * 2);
                Scratch = scratch;
            }

            scratch[count++] = value;
        }

        var values = scratch.AsSpan(0, count).ToArray();
        scratch.AsSpan(0, count).Clear();
        return values;
    }

    /// <summary>A JSON array of strings and nulls into <paramref name="destination"/>; its length, or -1 for null.</summary>
    internal static int ReadStringsInto(ref Utf8JsonReader reader, Span<string?> destination)
    {
        if (!StartsArray(ref reader))
        {
            return -1;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var value = reader.TokenType switch
            {
                JsonTokenType.String => count < destination.Length ? RepeatedStrings.Read(ref reader) : null,
                JsonTokenType.Null => null,
                _ => throw new JsonException("expected a string or null in the array"),
            };
            if (count < destination.Length)
            {
                destination[count] = value;
            }

            count++;
        }

        return count;
    }

    /// <summary>A JSON array of strings and nulls into cells from <paramref name="first"/>, at most <paramref name="limit"/>; its length, or -1 for null.</summary>
    /// <param name="validUtf8">The whole text being read is known to be valid UTF-8, so its unescaped values are too.</param>
    internal static int ReadStringsInto(ref Utf8JsonReader reader, Utf8Row cells, int first, int limit, bool validUtf8)
    {
        if (!StartsArray(ref reader))
        {
            return -1;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                if (count < limit)
                {
                    CopyString(ref reader, cells, first + count, validUtf8);
                }
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw new JsonException("expected a string or null in the array");
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// A JSON array of strings and nulls as a part's fields (<see cref="PartFields"/>: each value's
    /// unescaped UTF-8 after its length) into <paramref name="fields"/>; its length, or -1 for null.
    /// </summary>
    /// <remarks>The caller checks the fields are valid UTF-8, once for the row (every byte the format adds is ASCII).</remarks>
    internal static int ReadFields(ref Utf8JsonReader reader, ArrayBufferWriter<byte> fields)
    {
        if (!StartsArray(ref reader))
        {
            return -1;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                var room = fields.GetSpan(PartFields.MaxFieldBytes(length));
                if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    fields.Advance(PartFields.WriteField(room, reader.ValueSpan));
                }
                else
                {
                    // Unescaped it is no longer than escaped.
                    var at = PartFields.LengthRoom(length);
                    fields.Advance(PartFields.EndField(room, at, reader.CopyString(room[at..])));
                }
            }
            else if (reader.TokenType == JsonTokenType.Null)
            {
                fields.Advance(PartFields.WriteNull(fields.GetSpan(1)));
            }
            else
            {
                throw new JsonException("expected a string or null in the array");
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// The string token's text as UTF-8, unescaped. Bytes that are not valid UTF-8 go through the
    /// reader's own decoding, so they are refused (or replaced) as a string read would be.
    /// </summary>
    /// <remarks>
    /// An unescaped value is the bytes between two quotes, so in a text valid throughout it is valid
    /// too: the check per value (issue 13: 36 calls a row, 6% of the aggregate's samples) is then
    /// one check of the whole part, made by the caller.
    /// </remarks>
    private static void CopyString(ref Utf8JsonReader reader, Utf8Row cells, int cell, bool validUtf8)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (validUtf8 || Utf8.IsValid(reader.ValueSpan))
            {
                cells.Set(cell, reader.ValueSpan);
                return;
            }
        }
        else
        {
            var room = cells.Reserve(cell, reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
            var written = reader.CopyString(room);
            if (Utf8.IsValid(room[..written]))
            {
                cells.Commit(cell, written);
                return;
            }
        }

        cells.Set(cell, Encoding.UTF8.GetBytes(reader.GetString()!));
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<string?> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>True on an array's start, false on null; anything else is not a row's array.</summary>
    private static bool StartsArray(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException("expected an array of strings"),
    };

    /// <summary>The row number: a JSON number that fits a long, as the generated reader demanded.</summary>
    private static long ReadRow(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var row)
            ? row
            : throw new JsonException("expected a whole number for the row");

    /// <summary>Moves to the next property name (false at the end of the object); the reader starts on the object's start.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the object is not closed");
        }

        return reader.TokenType switch
        {
            JsonTokenType.EndObject => false,
            JsonTokenType.PropertyName => true,
            _ => throw new JsonException("expected a property name"),
        };
    }

    /// <summary>Moves from a property name to its value.</summary>
    private static void ToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("a property has no value");
        }
    }

    private static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected an object");
        }
    }
}
