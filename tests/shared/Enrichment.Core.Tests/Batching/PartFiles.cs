using Enrichment.Core.Batching;
using Enrichment.Core.Ports;

namespace Enrichment.Core.Tests.Batching;

/// <summary>Writes whole records as a part, the way the worker's revision path does (<see cref="PartWriter.Add(PartRecord)"/>).</summary>
internal static class PartFiles
{
    public static async Task WriteAsync(IObjectStore store, string key, IReadOnlyCollection<PartRecord> records, CancellationToken cancellationToken)
    {
        using var part = new PartWriter(records.Count);
        foreach (var record in records)
        {
            part.Add(record);
        }

        await part.PutAsync(store, key, cancellationToken);
    }
}
