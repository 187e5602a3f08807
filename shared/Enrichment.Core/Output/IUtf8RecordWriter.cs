namespace Enrichment.Core.Output;

/// <summary>
/// A record writer that also takes rows as UTF-8 cells (<see cref="Utf8Row"/>), writing exactly the
/// bytes <see cref="IRecordWriter.WriteRowAsync"/> writes for the same values as strings.
/// </summary>
public interface IUtf8RecordWriter : IRecordWriter
{
    ValueTask WriteRowAsync(Utf8Row row, CancellationToken cancellationToken);
}
