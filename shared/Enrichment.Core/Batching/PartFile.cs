using System.Runtime.CompilerServices;
using System.Text.Json;
using Enrichment.Core.Ports;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Batching;

/// <summary>
/// The part file format, written by the worker and read by the worker (a revision) and the
/// aggregate: one <see cref="PartRecord"/> as JSON per line (JSON Lines), UTF-8.
/// </summary>
public static class PartFile
{
    public const string ContentType = "application/x-ndjson";

    private const int ReadChunk = 16 * 1024;

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The part's records in order; a missing part or an empty record is <see cref="InvalidDataException"/> naming <paramref name="what"/> ("part of batch 3 of job j").</summary>
    /// <remarks>
    /// The part is read whole into a pooled buffer and each line parsed straight from its UTF-8
    /// bytes: a line read as a string first cost a UTF-16 copy of every row, decoded again by the
    /// parser (a part is one batch, small enough to hold; the aggregate holds it whole anyway).
    /// </remarks>
    public static async IAsyncEnumerable<PartRecord> ReadAsync(
        IObjectStore store,
        string key,
        string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter(ReadChunk * 4);
        await using (var stream = await store.OpenReadAsync(key, cancellationToken)
            ?? throw new InvalidDataException($"{what} is missing"))
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.GetMemory(ReadChunk), cancellationToken)) > 0)
            {
                buffer.Advance(read);
            }
        }

        var bytes = buffer.WrittenMemory;
        var start = bytes.Span.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        while (start < bytes.Length)
        {
            var (record, next) = NextRecord(bytes.Span, start, what);
            start = next;
            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <summary>The record on the line at <paramref name="start"/> (null for an empty line) and where the next line starts.</summary>
    private static (PartRecord? Record, int Next) NextRecord(ReadOnlySpan<byte> bytes, int start, string what)
    {
        var rest = bytes[start..];
        var end = rest.IndexOf((byte)'\n');
        var line = end < 0 ? rest : rest[..end];
        var next = end < 0 ? bytes.Length : start + end + 1;
        if (line.EndsWith((byte)'\r'))
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            return (null, next);
        }

        var record = JsonSerializer.Deserialize(line, EnrichmentJsonContext.Default.PartRecord)
            ?? throw new InvalidDataException($"{what} has an empty record");
        return (record, next);
    }

    /// <summary>Writes the records as one object (a part is one batch: small enough to buffer).</summary>
    public static async Task WriteAsync(IObjectStore store, string key, IEnumerable<PartRecord> records, CancellationToken cancellationToken)
    {
        // A pooled buffer and one reused JSON writer: a part of a couple of hundred rows (about 470
        // bytes each) is past the large-object size, and a fresh array per part drove full collections.
        using var buffer = new PooledBufferWriter(records.TryGetNonEnumeratedCount(out var count) ? count * 512 : 16 * 1024);
        var options = EnrichmentJsonContext.Default.Options;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented }))
        {
            foreach (var record in records)
            {
                JsonSerializer.Serialize(writer, record, EnrichmentJsonContext.Default.PartRecord);
                writer.Flush();
                writer.Reset();
                NewLine.CopyTo(buffer.GetSpan(NewLine.Length));
                buffer.Advance(NewLine.Length);
            }
        }

        await store.PutAsync(key, buffer.WrittenMemory, ContentType, cancellationToken);
    }
}
