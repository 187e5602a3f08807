using Enrichment.Core.Input;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Input;

public sealed class StoredRangeStreamTests
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i % 251))];

    private static InMemoryObjectStore Store()
    {
        var store = new InMemoryObjectStore();
        store.Write("k", Content);
        return store;
    }

    [TestCase(0, 1000, 64)]
    [TestCase(3, 500, 7)]
    [TestCase(999, 1, 4096)]
    [TestCase(100, 0, 16)]
    public async Task Read_GivesExactlyTheStretch_AcrossChunks(int offset, int length, int chunk)
    {
        await using var stream = new StoredRangeStream(Store(), "k", offset, length, chunk);
        var read = new MemoryStream();
        await stream.CopyToAsync(read, 13);

        Assert.That(read.ToArray(), Is.EqualTo(Content.AsSpan(offset, length).ToArray()));
    }

    [Test]
    public async Task Read_OfAStretchPastTheObjectsEnd_FailsRatherThanEndingEarly()
    {
        await using var stream = new StoredRangeStream(Store(), "k", 900, 200, 64);

        Assert.ThrowsAsync<IOException>(async () => await stream.CopyToAsync(Stream.Null));
    }
}
