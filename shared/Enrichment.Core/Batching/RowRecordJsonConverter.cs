namespace Enrichment.Core.Batching;

/// <summary>
/// A <see cref="IRowRecord{TSelf}"/> read and written by hand (see <see cref="RowJson"/>): every record
/// of a job is written once by the split as a <see cref="BatchRow"/> (read by the worker with
/// <see cref="BatchRowJsonConverter"/>); a <see cref="PartRecord"/> is JSON in a part written before
/// the second part format (issue 13), and in a failed batch's rows.
/// </summary>
public sealed class RowRecordJsonConverter<T> : JsonConverter<T>
    where T : IRowRecord<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (row, values, enrichment) = RowJson.ReadRecord(ref reader);
        return T.Create(row, values!, enrichment);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value is BatchRow { Json: { } json })
        {
            // Written by the same calls with the same options when the list was read: the same bytes.
            writer.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        RowJson.WriteRecord(writer, value.Row, value.Values, value.Enrichment);
    }
}
