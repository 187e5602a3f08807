using System.Text.Encodings.Web;

namespace Enrichment.Core.Batching;

/// <summary>
/// A part (see <see cref="PartFile"/>) written line by line into a pooled buffer with one reused JSON
/// writer, then put as one object: what <see cref="PartRecord"/>s serialized one per line make, with
/// fewer escapes (see <see cref="Escaping"/>).
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

    /// <summary>
    /// The relaxed encoder: a part is read only by this product's JSON reader, never served as HTML, and
    /// the default encoder wrote every non-ASCII character, '+' and '"' as a six-byte \uXXXX (issue 13:
    /// a 1,000,000-row job's parts were 471 MB for a 333 MB output, all written, read and unescaped
    /// again). Control characters, '"' and '\' are still escaped, and a lone surrogate is still written
    /// as U+FFFD, so a part reads back the same values; parts written before read as they always did.
    /// </summary>
    internal static readonly JavaScriptEncoder Escaping = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly PooledBufferWriter _buffer;
    private readonly Utf8JsonWriter _writer;

    public PartWriter(int expectedRecords)
    {
        _buffer = new PooledBufferWriter(expectedRecords > 0 ? expectedRecords * 512 : 16 * 1024);
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = Escaping, Indented = EnrichmentJsonContext.Default.Options.WriteIndented });
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
