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
        var (row, values, enrichment) = RowJson.ReadRecord(ref reader);
        return new PartRecord(row, values!, enrichment!);
    }

    public override void Write(Utf8JsonWriter writer, PartRecord value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        RowJson.WriteRecord(writer, value.Row, value.Values, value.Enrichment);
    }
}
