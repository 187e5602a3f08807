using System.Text;
using System.Text.Json;
using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

public sealed class JsonLinesRecordWriterTests
{
    private static async Task<string> WriteAsync(IReadOnlyList<string> header, params string?[][] rows)
    {
        using var stream = new MemoryStream();
        await using (var writer = new JsonLinesRecordWriter(stream, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row, CancellationToken.None);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public async Task EachRow_IsOneObjectPerLine()
    {
        var text = await WriteAsync(["email", "name"], ["a@example.com", "Ann"], ["b@example.com", null]);

        Assert.That(text, Is.EqualTo("{\"email\":\"a@example.com\",\"name\":\"Ann\"}\n{\"email\":\"b@example.com\",\"name\":null}\n"));
    }

    [Test]
    public async Task HeaderAlone_WritesNothing() =>
        Assert.That(await WriteAsync(["a", "b"]), Is.Empty);

    [Test]
    public async Task DuplicateColumns_GetNumericSuffixes()
    {
        var text = await WriteAsync(["email", "email", "email_2", "email"], ["1", "2", "3", "4"]);

        Assert.That(text, Is.EqualTo("{\"email\":\"1\",\"email_3\":\"2\",\"email_2\":\"3\",\"email_4\":\"4\"}\n"));
    }

    [Test]
    public async Task ShortRow_IsPaddedWithNull()
    {
        var text = await WriteAsync(["a", "b"], ["1"]);

        Assert.That(text, Is.EqualTo("{\"a\":\"1\",\"b\":null}\n"));
    }

    [Test]
    public void LongRow_IsRejected() =>
        Assert.ThrowsAsync<ArgumentException>(async () => await WriteAsync(["a"], ["1", "2"]));

    [TestCase("quote \" and backslash \\")]
    [TestCase("new\nline\ttab\r")]
    [TestCase("Zoë 東京 😀 مرحبا")]
    [TestCase("<script>&amp;</script>")]
    [TestCase("\u0001control")]
    [TestCase("")]
    public async Task Values_RoundTripThroughAJsonParser(string value)
    {
        var text = await WriteAsync(["v", "w"], [value, "x"]);

        using var document = JsonDocument.Parse(text);
        Assert.That(document.RootElement.GetProperty("v").GetString(), Is.EqualTo(value));
        Assert.That(text.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    [Test]
    public async Task NonAscii_IsWrittenAsUtf8NotEscaped()
    {
        var text = await WriteAsync(["name"], ["José 東京"]);

        Assert.That(text, Is.EqualTo("{\"name\":\"José 東京\"}\n"));
    }

    [Test]
    public async Task LoneSurrogate_IsReplaced()
    {
        var text = await WriteAsync(["v"], ["a\uDC00b"]);

        Assert.That(text, Is.EqualTo("{\"v\":\"a\uFFFDb\"}\n"));
    }

    [Test]
    public async Task ManyRows_StreamInBoundedChunks()
    {
        var stream = new CountingStream();
        await using (var writer = new JsonLinesRecordWriter(stream, flushThreshold: 4096))
        {
            await writer.WriteHeaderAsync(["a", "b"], CancellationToken.None);
            for (var i = 0; i < 10_000; i++)
            {
                await writer.WriteRowAsync([i.ToString(), "value"], CancellationToken.None);
            }

            Assert.That(stream.Writes, Is.GreaterThan(10));
        }

        Assert.That(stream.LargestWrite, Is.LessThan(4096 + 100));
        Assert.That(stream.Disposed, Is.True);
    }

    [Test]
    public async Task Output_IsUtf8WithoutBom()
    {
        var bytes = Encoding.UTF8.GetBytes(await WriteAsync(["a"], ["1"]));

        Assert.That(bytes[0], Is.EqualTo((byte)'{'));
    }

    [Test]
    public async Task DisposeAfterFlush_DoesNotTouchACompletedStream()
    {
        var stream = new CountingStream();
        var writer = new JsonLinesRecordWriter(stream, leaveOpen: true);
        await writer.WriteHeaderAsync(["a"], CancellationToken.None);
        await writer.WriteRowAsync(["1"], CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        stream.Completed = true;

        Assert.DoesNotThrowAsync(async () => await writer.DisposeAsync());
        Assert.That(stream.Length, Is.GreaterThan(0));
    }
}
