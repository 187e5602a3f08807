using System.Globalization;
using System.Text;
using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

public sealed class CsvRecordWriterTests
{
    private static async Task<string> WriteAsync(IReadOnlyList<string> header, params string?[][] rows)
    {
        using var stream = new MemoryStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row, CancellationToken.None);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [TestCase("plain", "plain")]
    [TestCase("a,b", "\"a,b\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [TestCase("\"", "\"\"\"\"")]
    [TestCase("line1\nline2", "\"line1\nline2\"")]
    [TestCase("line1\r\nline2", "\"line1\r\nline2\"")]
    [TestCase(" padded ", " padded ")]
    [TestCase("Zoë, Łódź", "\"Zoë, Łódź\"")]
    [TestCase("東京", "東京")]
    [TestCase("emoji 😀", "emoji 😀")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public async Task Field_IsQuotedOnlyWhenNeeded(string? value, string expected)
    {
        var text = await WriteAsync(["c"], [value]);

        Assert.That(text, Is.EqualTo("c\r\n" + expected + "\r\n"));
    }

    [Test]
    public async Task Rows_UseCrLfAndCommas()
    {
        var text = await WriteAsync(["a", "b"], ["1", "2"], ["3", null]);

        Assert.That(text, Is.EqualTo("a,b\r\n1,2\r\n3,\r\n"));
    }

    [Test]
    public async Task Header_IsQuotedLikeData()
    {
        var text = await WriteAsync(["name, full", "x"]);

        Assert.That(text, Is.EqualTo("\"name, full\",x\r\n"));
    }

    [Test]
    public async Task ShortRow_IsPaddedToTheHeader()
    {
        var text = await WriteAsync(["a", "b", "c"], ["1"]);

        Assert.That(text, Is.EqualTo("a,b,c\r\n1,,\r\n"));
    }

    [Test]
    public void LongRow_IsRejected()
    {
        Assert.ThrowsAsync<ArgumentException>(async () => await WriteAsync(["a"], ["1", "2"]));
    }

    [Test]
    public async Task Output_IsUtf8WithoutBom()
    {
        using var stream = new MemoryStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(["é"], CancellationToken.None);
        }

        Assert.That(stream.ToArray(), Is.EqualTo(new byte[] { 0xC3, 0xA9, (byte)'\r', (byte)'\n' }));
    }

    [Test]
    public async Task LoneSurrogate_IsReplaced()
    {
        var text = await WriteAsync(["c"], ["a\uD800b"]);

        Assert.That(text, Is.EqualTo("c\r\na\uFFFDb\r\n"));
    }

    [Test]
    public async Task FieldLargerThanTheBuffer_IsWrittenWhole()
    {
        var big = new string('x', 200_000) + ",\"" + new string('y', 10);

        var text = await WriteAsync(["c", "d"], [big, "after"]);

        Assert.That(text, Is.EqualTo("c,d\r\n\"" + new string('x', 200_000) + ",\"\"" + new string('y', 10) + "\",after\r\n"));
    }

    [Test]
    public async Task ManyRows_StreamInBoundedChunks()
    {
        var stream = new CountingStream();
        await using (var writer = new CsvRecordWriter(stream, bufferSize: 4096))
        {
            await writer.WriteHeaderAsync(["a", "b"], CancellationToken.None);
            for (var i = 0; i < 10_000; i++)
            {
                await writer.WriteRowAsync([i.ToString(), "value"], CancellationToken.None);
            }

            Assert.That(stream.Writes, Is.GreaterThan(10), "rows must reach the stream before the end");
        }

        Assert.That(stream.LargestWrite, Is.LessThanOrEqualTo(4096));
        Assert.That(stream.Disposed, Is.True);
    }

    [Test]
    public async Task Dispose_FlushesAndClosesUnlessLeftOpen()
    {
        var stream = new CountingStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(["a"], CancellationToken.None);
            Assert.That(stream.Length, Is.Zero);
        }

        Assert.That(stream.Length, Is.EqualTo(3));
        Assert.That(stream.Disposed, Is.False);
    }

    [Test]
    public async Task Flush_WritesBufferedRows()
    {
        var stream = new CountingStream();
        await using var writer = new CsvRecordWriter(stream, leaveOpen: true);
        await writer.WriteHeaderAsync(["a"], CancellationToken.None);
        await writer.WriteRowAsync(["1"], CancellationToken.None);

        await writer.FlushAsync(CancellationToken.None);

        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo("a\r\n1\r\n"));
    }

    [Test]
    public async Task Output_RoundTripsThroughAQuoteAwareSplit()
    {
        string?[] row = ["x,y", "a\"b", "multi\nline", "plain", null];

        var text = await WriteAsync(["1", "2", "3", "4", "5"], row);

        Assert.That(ParseSingleRow(text[(text.IndexOf('\n') + 1)..]), Is.EqualTo(new[] { "x,y", "a\"b", "multi\nline", "plain", string.Empty }));
    }

    /// <summary>A minimal RFC 4180 reader for one record, independent of the writer's code.</summary>
    private static List<string> ParseSingleRow(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                break;
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    [Test]
    public async Task DisposeAfterFlush_DoesNotTouchACompletedStream()
    {
        var stream = new CountingStream();
        var writer = new CsvRecordWriter(stream, leaveOpen: true);
        await writer.WriteHeaderAsync(["a"], CancellationToken.None);
        await writer.WriteRowAsync(["1"], CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
        stream.Completed = true;

        Assert.DoesNotThrowAsync(async () => await writer.DisposeAsync());
        Assert.That(stream.Length, Is.GreaterThan(0));
    }

    [Test]
    public async Task RowsOfUtf8Cells_AreTheBytesOfTheSameRowsOfStrings()
    {
        string?[][] rows =
        [
            ["plain", null, "a,b", "say \"hi\"", "\"", "line1\r\nline2", "cr\ronly", string.Empty, "Zoë, Łódź 日本 😀"],
            ["short"],
            ["no", "quotes", "needed", "in", "this", "row", "at", "all", "Zoë"],
            [new string('x', 70_000), "\"" + new string('"', 40_000)],
        ];
        var header = Enumerable.Range(0, 9).Select(i => $"c{i}").ToList();

        Assert.That(await WriteCellsAsync(header, rows), Is.EqualTo(await WriteAsync(header, rows)));
    }

    [Test]
    public async Task EncodedBytesLongerThanTheBuffer_AreWrittenWhole_InOrderWithTheRowsAround()
    {
        var encoded = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"row {i},Zoë\r\n")));
        using var stream = new MemoryStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true, bufferSize: 1024))
        {
            await writer.WriteHeaderAsync(["a", "b"], CancellationToken.None);
            await writer.WriteRowAsync(["before", null], CancellationToken.None);
            await writer.WriteEncodedAsync(encoded, CancellationToken.None);
            await writer.WriteEncodedAsync("x,"u8.ToArray(), CancellationToken.None);
            await writer.WriteEncodedAsync("y\r\n"u8.ToArray(), CancellationToken.None);
            await writer.WriteRowAsync(["after", "a,b"], CancellationToken.None);
        }

        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo("a,b\r\nbefore,\r\n" + Encoding.UTF8.GetString(encoded) + "x,y\r\nafter,\"a,b\"\r\n"));
    }

    [Test]
    public async Task ACellRewrittenWithoutItsQuotedCharacters_IsWrittenUnquoted()
    {
        using var stream = new MemoryStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true))
        {
            var cells = new Utf8Row();
            cells.Reset(2);
            cells.Set(0, "a,b"u8);
            cells.Set(0, "ab"u8);
            cells.Set(1, "=1"u8);
            cells.Prefix(1, (byte)'\'');
            await writer.WriteRowAsync(cells, CancellationToken.None);
        }

        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo("ab,'=1\r\n"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RowsAfterADrain_AreEncodedWhileItsWriteIsInFlight_AndReachTheStreamInOrder(CancellationToken cancellationToken)
    {
        var stream = new GatedStream();
        await using var writer = new CsvRecordWriter(stream, leaveOpen: true, bufferSize: 1024);
        await writer.WriteHeaderAsync(["n"], cancellationToken);
        var row = 0;
        while (stream.Started == 0)
        {
            await writer.WriteRowAsync([(row++).ToString(CultureInfo.InvariantCulture)], cancellationToken);
        }

        for (var more = row + 50; row < more; row++)
        {
            await writer.WriteRowAsync([row.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        }

        Assert.That(stream.Finished, Is.Zero, "the rows above were written while the first write waited");
        stream.Open();
        for (; row < 5_000; row++)
        {
            await writer.WriteRowAsync([row.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);

        Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo("n\r\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"{i}\r\n"))));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AWriteThatFailsAfterItsDrain_FailsTheFlush(CancellationToken cancellationToken)
    {
        var stream = new GatedStream { Failure = new IOException("disk full") };
        stream.Open();
        var writer = new CsvRecordWriter(stream, leaveOpen: true, bufferSize: 1024);
        await writer.WriteHeaderAsync(["n"], cancellationToken);
        for (var row = 0; stream.Started == 0; row++)
        {
            await writer.WriteRowAsync([row.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        }

        Assert.ThrowsAsync<IOException>(async () => await writer.FlushAsync(cancellationToken));
        Assert.DoesNotThrowAsync(async () => await writer.DisposeAsync());
    }

    /// <summary>A stream whose writes finish, in order, only once it is opened (or fail then with <see cref="Failure"/>).</summary>
    private sealed class GatedStream : MemoryStream
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;
        private int _finished;

        public Exception? Failure { get; init; }

        public int Started => Volatile.Read(ref _started);

        public int Finished => Volatile.Read(ref _finished);

        public void Open() => _open.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _started);
            await _open.Task.WaitAsync(cancellationToken);
            if (Failure is not null)
            {
                throw Failure;
            }

            Write(buffer.Span);
            Interlocked.Increment(ref _finished);
        }
    }

    private static async Task<string> WriteCellsAsync(IReadOnlyList<string> header, string?[][] rows)
    {
        using var stream = new MemoryStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true))
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            var cells = new Utf8Row();
            foreach (var row in rows)
            {
                cells.Reset(row.Length);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is { } value)
                    {
                        cells.Set(i, Encoding.UTF8.GetBytes(value));
                    }
                }

                await ((IUtf8RecordWriter)writer).WriteRowAsync(cells, CancellationToken.None);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
