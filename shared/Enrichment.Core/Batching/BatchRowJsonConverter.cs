using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Core.Batching;

/// <summary>
/// <see cref="BatchRow"/> as <c>{"row":n,"values":[...]}</c>, by hand (see <see cref="RowJson"/>):
/// every record of a job is written once by the split and read once by the worker.
/// </summary>
public sealed class BatchRowJsonConverter : JsonConverter<BatchRow>
{
    public override BatchRow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (row, values, _) = RowJson.ReadRecord(ref reader);
        return new BatchRow(row, values!);
    }

    public override void Write(Utf8JsonWriter writer, BatchRow value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        RowJson.WriteRecord(writer, value.Row, value.Values, enrichment: null);
    }
}
