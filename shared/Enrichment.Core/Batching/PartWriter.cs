namespace Enrichment.Core.Batching;

/// <summary>
/// A part (see <see cref="PartFile"/>) written line by line into a pooled buffer with one reused JSON
/// writer, then put as one object: the bytes <see cref="PartRecord"/>s serialized one per line make.
/// </summary>
/// <remarks>
/// Issue 13: the worker writes each record straight from its message row and a reused row of
/// enrichment values, with no array and record per row in between; and a part of a couple of hundred
/// rows (about 470 bytes each) is past the large-object size, where a fresh array per part drove full
/// collections.
/// </remarks>
public sealed class PartWriter : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly PooledBufferWriter _buffer;
    private readonly Utf8JsonWriter _writer;

    public PartWriter(int expectedRecords)
    {
        _buffer = new PooledBufferWriter(expectedRecords > 0 ? expectedRecords * 512 : 16 * 1024);
        var options = EnrichmentJsonContext.Default.Options;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented });
    }

    /// <summary>The records written so far.</summary>
    public int Count { get; private set; }

    public void Add(PartRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        RowJson.WriteRecord(_writer, record.Row, record.Values, record.Enrichment);
        EndLine();
    }

    public void Add(long row, string?[] values, ReadOnlySpan<string?> enrichment)
    {
        ArgumentNullException.ThrowIfNull(values);
        RowJson.WritePartRecord(_writer, row, values, enrichment);
        EndLine();
    }

    public Task PutAsync(IObjectStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(key, _buffer.WrittenMemory, PartFile.ContentType, cancellationToken);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }

    private void EndLine()
    {
        _writer.Flush();
        _writer.Reset();
        NewLine.CopyTo(_buffer.GetSpan(NewLine.Length));
        _buffer.Advance(NewLine.Length);
        Count++;
    }
}
