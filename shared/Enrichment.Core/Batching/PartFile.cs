using System.Runtime.CompilerServices;
using System.Text;
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

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>The part's records in order; a missing part or an empty record is <see cref="InvalidDataException"/> naming <paramref name="what"/> ("part of batch 3 of job j").</summary>
    public static async IAsyncEnumerable<PartRecord> ReadAsync(
        IObjectStore store,
        string key,
        string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken)
            ?? throw new InvalidDataException($"{what} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize(line, EnrichmentJsonContext.Default.PartRecord)
                    ?? throw new InvalidDataException($"{what} has an empty record");
            }
        }
    }

    /// <summary>Writes the records as one object (a part is one batch: small enough to buffer).</summary>
    public static async Task WriteAsync(IObjectStore store, string key, IEnumerable<PartRecord> records, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            JsonSerializer.Serialize(buffer, record, EnrichmentJsonContext.Default.PartRecord);
            buffer.Write(NewLine);
        }

        await store.PutAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ContentType, cancellationToken);
    }
}
