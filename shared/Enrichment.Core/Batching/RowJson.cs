using System.Text.Json;

namespace Enrichment.Core.Batching;

/// <summary>
/// The JSON of the row arrays that every record of a job crosses on its way (the message's rows,
/// the part's values and enrichment), read and written by hand for <see cref="BatchRowJsonConverter"/>
/// and <see cref="PartRecordJsonConverter"/>. The generated path read each array into a growing list
/// and copied it out, through the slower constructor-argument path of positional records; these
/// write exactly the bytes it wrote and read what it read.
/// </summary>
internal static class RowJson
{
    [ThreadStatic]
    private static string?[]? Scratch;

    /// <summary>A JSON array of strings and nulls, or null; the reader is on its first token.</summary>
    public static string?[]? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of strings");
        }

        var scratch = Scratch ??= new string?[64];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
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

    public static void WriteStrings(Utf8JsonWriter writer, string?[] values)
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

    /// <summary>The row number: a JSON number that fits a long, as the generated reader demanded.</summary>
    public static long ReadRow(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var row)
            ? row
            : throw new JsonException("expected a whole number for the row");

    /// <summary>Moves to the next property name (false at the end of the object); the reader starts on the object's start.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
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
    public static void ToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("a property has no value");
        }
    }

    public static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected an object");
        }
    }
}
