using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Core.Batching;

/// <summary>
/// <see cref="PartRecord"/> as <c>{"row":n,"values":[...],"enrichment":[...]}</c>, by hand (see
/// <see cref="RowJson"/>): every record of a job is written once by the worker and read once by the aggregate.
/// </summary>
public sealed class PartRecordJsonConverter : JsonConverter<PartRecord>
{
    public override PartRecord Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        RowJson.ExpectObject(ref reader);
        long row = 0;
        string?[]? values = null;
        string?[]? enrichment = null;
        while (RowJson.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("row"u8))
            {
                RowJson.ToValue(ref reader);
                row = RowJson.ReadRow(ref reader);
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                RowJson.ToValue(ref reader);
                values = RowJson.ReadStrings(ref reader);
            }
            else if (reader.ValueTextEquals("enrichment"u8))
            {
                RowJson.ToValue(ref reader);
                enrichment = RowJson.ReadStrings(ref reader);
            }
            else
            {
                RowJson.ToValue(ref reader);
                reader.Skip();
            }
        }

        return new PartRecord(row, values!, enrichment!);
    }

    public override void Write(Utf8JsonWriter writer, PartRecord value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteNumber("row"u8, value.Row);
        if (value.Values is not null)
        {
            writer.WritePropertyName("values"u8);
            RowJson.WriteStrings(writer, value.Values);
        }

        if (value.Enrichment is not null)
        {
            writer.WritePropertyName("enrichment"u8);
            RowJson.WriteStrings(writer, value.Enrichment);
        }

        writer.WriteEndObject();
    }
}
