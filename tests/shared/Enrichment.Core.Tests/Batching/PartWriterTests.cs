using Enrichment.Core.Batching;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Batching;

public sealed class PartWriterTests
{
    private static readonly PartRecord[] Records = PartBufferTests.Records;

    [Test]
    public async Task APartWrittenFromRowsAndSpans_IsTheBytesOfItsRecords()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "records", Records, CancellationToken.None);
        using (var part = new PartWriter(Records.Length))
        {
            var enrichment = new string?[4];
            foreach (var record in Records)
            {
                Array.Clear(enrichment);
                record.Enrichment.CopyTo(enrichment, 0);
                part.Add(record.Row, record.Values, enrichment.AsSpan(0, record.Enrichment.Length));
            }

            Assert.That(part.Count, Is.EqualTo(Records.Length));
            await part.PutAsync(store, "rows", CancellationToken.None);
        }

        Assert.That(await BytesAsync(store, "rows"), Is.EqualTo(await BytesAsync(store, "records")));
    }

    private static async Task<byte[]> BytesAsync(InMemoryObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }
}
