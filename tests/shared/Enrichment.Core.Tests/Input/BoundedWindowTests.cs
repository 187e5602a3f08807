using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

/// <summary>
/// Proves the readers hold one record at a time: with the window capped at 1 KiB (a reader that
/// tried to keep more would fail with "longer than the limit"), multi-megabyte inputs still stream.
/// </summary>
public sealed class BoundedWindowTests
{
    private static readonly ContactReaderOptions Capped = new() { BufferSize = 256, MaxRecordLength = 1024 };

    private static async Task<long> CountAsync(IContactReader reader)
    {
        long count = 0;
        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            count++;
            Assert.That(record.Row, Is.EqualTo(count));
        }

        return count;
    }

    [Test]
    public async Task Csv_StreamsWithinAOneKilobyteWindow()
    {
        var stream = new GeneratedStream("email,name,note", 50_000, i => $"u{i}@x.io,Nämé {i},\"a, b\nc {i}\"");

        var count = await CountAsync(new CsvContactReader(stream, Capped));

        Assert.That(count, Is.EqualTo(50_000));
        Assert.That(stream.BytesProduced, Is.GreaterThan(1_000_000));
    }

    [Test]
    public async Task JsonArray_StreamsWithinAOneKilobyteWindow()
    {
        var stream = new GeneratedStream("[", 50_000, i => (i > 1 ? "," : "") + $$"""{"email":"u{{i}}@x.io","name":"Nämé {{i}}"}""" + (i == 50_000 ? "]" : ""));

        var count = await CountAsync(new JsonArrayContactReader(stream, Capped));

        Assert.That(count, Is.EqualTo(50_000));
        Assert.That(stream.BytesProduced, Is.GreaterThan(1_000_000));
    }

    [Test]
    public async Task JsonLines_StreamsWithinAOneKilobyteWindow()
    {
        var stream = new GeneratedStream(null, 50_000, i => $$"""{"email":"u{{i}}@x.io","name":"Nämé {{i}}"}""");

        var count = await CountAsync(new JsonLinesContactReader(stream, Capped));

        Assert.That(count, Is.EqualTo(50_000));
        Assert.That(stream.BytesProduced, Is.GreaterThan(1_000_000));
    }
}
