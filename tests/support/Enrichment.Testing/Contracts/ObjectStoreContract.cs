using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Enrichment.Core.Ports;

namespace Enrichment.Testing.Contracts;

/// <summary>
/// Behaviour every <see cref="IObjectStore"/> adapter must show. Each test works under its own
/// random prefix, so one bucket (or directory) can serve every test.
/// Pre-signed links are exercised over HTTP through <see cref="CreateHttpHandler"/>: plain sockets
/// for S3/moto; the local adapter plugs in the handler that serves its signed routes.
/// Derived fixtures need an explicit [TestFixture]: the adapter does not discover inherited-only tests otherwise.
/// </summary>
public abstract class ObjectStoreContract
{
    protected IObjectStore Store { get; private set; } = null!;

    protected string Prefix { get; private set; } = "";

    /// <summary>Size of the streamed-upload test; big enough to need several parts on S3 (5 MiB minimum part).</summary>
    protected virtual int LargeObjectBytes => 11 * 1024 * 1024;

    /// <summary>
    /// Where a streamed upload splits into parts on S3 (the S3 fixture's part size, the 5 MiB minimum): ranged
    /// reads are checked across it. A store without parts must read the same there as anywhere.
    /// </summary>
    protected virtual int UploadPartBytes => 5 * 1024 * 1024;

    protected abstract Task<IObjectStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync(IObjectStore store) =>
        store is IAsyncDisposable disposable ? disposable.DisposeAsync().AsTask() : Task.CompletedTask;

    /// <summary>How the suite fetches pre-signed links.</summary>
    protected virtual HttpMessageHandler CreateHttpHandler() => new SocketsHttpHandler();

    [SetUp]
    public async Task CreateStoreForTestAsync()
    {
        Store = await CreateStoreAsync();
        Prefix = "jobs/t" + Guid.NewGuid().ToString("N")[..12] + "/";
    }

    [TearDown]
    public Task DisposeStoreForTestAsync() => DisposeStoreAsync(Store);

    protected async Task<byte[]?> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 31) ^ (i >> 8));
        }

        return bytes;
    }

    [Test]
    public async Task Put_ThenRead_ReturnsTheSameBytes()
    {
        var content = Encoding.UTF8.GetBytes("{\"hello\":\"world\"}");

        await Store.PutAsync(Prefix + "a.json", content, "application/json", CancellationToken.None);

        Assert.That(await ReadAllAsync(Prefix + "a.json"), Is.EqualTo(content));
    }

    [Test]
    public async Task Put_EmptyObject_ReadsBackEmpty()
    {
        await Store.PutAsync(Prefix + "empty.txt", ReadOnlyMemory<byte>.Empty, "text/plain", CancellationToken.None);

        Assert.That(await ReadAllAsync(Prefix + "empty.txt"), Is.Empty);
        Assert.That(await Store.ExistsAsync(Prefix + "empty.txt", CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Put_Twice_Overwrites()
    {
        await Store.PutAsync(Prefix + "a.txt", "first version"u8.ToArray(), "text/plain", CancellationToken.None);
        await Store.PutAsync(Prefix + "a.txt", "second"u8.ToArray(), "text/plain", CancellationToken.None);

        Assert.That(await ReadAllAsync(Prefix + "a.txt"), Is.EqualTo("second"u8.ToArray()));
    }

    [Test]
    public async Task OpenRead_Missing_ReturnsNull()
    {
        await using var stream = await Store.OpenReadAsync(Prefix + "missing.json", CancellationToken.None);

        Assert.That(stream, Is.Null);
    }

    [Test]
    public async Task ReadRange_ReadsTheBytesAtTheOffset()
    {
        var key = Prefix + "input";
        var content = Pattern(1000);
        await Store.PutAsync(key, content, "text/csv", CancellationToken.None);
        var first = new byte[10];
        var middle = new byte[100];

        var readFirst = await Store.ReadRangeAsync(key, 0, first, CancellationToken.None);
        var readMiddle = await Store.ReadRangeAsync(key, 300, middle, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(readFirst, Is.EqualTo(10));
            Assert.That(first, Is.EqualTo(content[..10]));
            Assert.That(readMiddle, Is.EqualTo(100));
            Assert.That(middle, Is.EqualTo(content[300..400]));
        });
    }

    [Test]
    public async Task ReadRange_AnswersFewerBytesWhenTheObjectEndsFirst()
    {
        var key = Prefix + "input";
        var content = Pattern(1000);
        await Store.PutAsync(key, content, "text/csv", CancellationToken.None);
        var buffer = new byte[300];

        var read = await Store.ReadRangeAsync(key, 900, buffer, CancellationToken.None);

        Assert.That(read, Is.EqualTo(100));
        Assert.That(buffer[..100], Is.EqualTo(content[900..]));
    }

    [Test]
    public async Task ReadRange_AnswersZeroPastTheEnd()
    {
        var key = Prefix + "input";
        await Store.PutAsync(key, Pattern(1000), "text/csv", CancellationToken.None);

        var atTheEnd = await Store.ReadRangeAsync(key, 1000, new byte[10], CancellationToken.None);
        var pastTheEnd = await Store.ReadRangeAsync(key, 5000, new byte[10], CancellationToken.None);

        Assert.That(atTheEnd, Is.EqualTo(0));
        Assert.That(pastTheEnd, Is.EqualTo(0));
    }

    [Test]
    public async Task ReadRange_AnswersZeroForAnEmptyObject()
    {
        var key = Prefix + "empty.txt";
        await Store.PutAsync(key, ReadOnlyMemory<byte>.Empty, "text/plain", CancellationToken.None);

        Assert.That(await Store.ReadRangeAsync(key, 0, new byte[10], CancellationToken.None), Is.EqualTo(0));
    }

    [Test]
    public async Task ReadRange_AnswersNullForAMissingObject() =>
        Assert.That(await Store.ReadRangeAsync(Prefix + "missing.csv", 0, new byte[10], CancellationToken.None), Is.Null);

    [Test]
    public async Task ReadRange_IntoAnEmptyDestination_AnswersZeroWithoutLookingForTheObject()
    {
        var key = Prefix + "input";
        await Store.PutAsync(key, Pattern(100), "text/csv", CancellationToken.None);

        Assert.That(await Store.ReadRangeAsync(key, 10, Memory<byte>.Empty, CancellationToken.None), Is.EqualTo(0));
        Assert.That(await Store.ReadRangeAsync(Prefix + "missing.csv", 0, Memory<byte>.Empty, CancellationToken.None), Is.EqualTo(0));
    }

    [Test]
    public async Task ReadRange_RefusesANegativeOffset()
    {
        var key = Prefix + "input";
        await Store.PutAsync(key, Pattern(100), "text/csv", CancellationToken.None);

        Assert.That(
            async () => await Store.ReadRangeAsync(key, -1, new byte[10], CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task ReadRange_ReadsABatchPartLikeAnyObject()
    {
        // A part's key (jobs/{job}/parts/{index}/{part}.jsonl): the local store keeps parts apart, in a log per job.
        var key = Prefix + "parts/000003/0a1b2c.jsonl";
        var content = Pattern(500);
        await Store.PutAsync(key, content, "application/x-ndjson", CancellationToken.None);
        var buffer = new byte[200];

        var read = await Store.ReadRangeAsync(key, 400, buffer, CancellationToken.None);

        Assert.That(read, Is.EqualTo(100));
        Assert.That(buffer[..100], Is.EqualTo(content[400..]));
        Assert.That(await Store.ReadRangeAsync(key, 500, buffer, CancellationToken.None), Is.EqualTo(0));
    }

    [Test]
    public async Task ReadRange_ReadsAcrossTheWholeOfALargeObject()
    {
        var key = Prefix + "input";
        var part = UploadPartBytes;
        var content = Pattern(part + (1024 * 1024) + 123);
        await using (var upload = await Store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            for (var offset = 0; offset < content.Length; offset += 64 * 1024)
            {
                await upload.Stream.WriteAsync(content.AsMemory(offset, Math.Min(64 * 1024, content.Length - offset)));
            }

            await upload.CompleteAsync(CancellationToken.None);
        }

        (long Offset, int Length)[] ranges =
        [
            (0, 64 * 1024),
            (12_345, 1),
            (part - 100, 200),
            (part - 1, 2),
            (part, 4096),
            (part - (512 * 1024), 1024 * 1024),
            (content.Length - 1000, 64 * 1024),
            (0, content.Length),
        ];
        foreach (var (offset, length) in ranges)
        {
            var buffer = new byte[length];

            var read = await Store.ReadRangeAsync(key, offset, buffer, CancellationToken.None);

            var expected = (int)Math.Min(length, content.Length - offset);
            Assert.That(read, Is.EqualTo(expected), $"bytes read at {offset}");
            // Span comparison, not NUnit's element-wise one: that takes seconds on megabytes.
            var difference = buffer.AsSpan(0, expected).CommonPrefixLength(content.AsSpan((int)offset, expected));
            Assert.That(difference, Is.EqualTo(expected), $"the range at {offset} differs from the object at byte {offset + difference}");
        }
    }

    [Test]
    public async Task Exists_ReflectsPresence()
    {
        Assert.That(await Store.ExistsAsync(Prefix + "x.bin", CancellationToken.None), Is.False);

        await Store.PutAsync(Prefix + "x.bin", new byte[] { 1, 2, 3 }, "application/octet-stream", CancellationToken.None);

        Assert.That(await Store.ExistsAsync(Prefix + "x.bin", CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Delete_RemovesTheObject_AndMissingIsNoError()
    {
        await Store.PutAsync(Prefix + "x.bin", new byte[] { 1 }, "application/octet-stream", CancellationToken.None);

        await Store.DeleteAsync(Prefix + "x.bin", CancellationToken.None);

        Assert.That(await Store.ExistsAsync(Prefix + "x.bin", CancellationToken.None), Is.False);
        Assert.That(async () => await Store.DeleteAsync(Prefix + "x.bin", CancellationToken.None), Throws.Nothing);
    }

    [Test]
    public async Task DeletePrefix_RemovesEverythingUnderItAndNothingElse()
    {
        var keep = Prefix + "jobA-sibling/keep.json";
        await Store.PutAsync(Prefix + "jobA/parts/0/000000.jsonl", new byte[] { 1 }, "application/x-ndjson", CancellationToken.None);
        await Store.PutAsync(Prefix + "jobA/parts/0/000001.jsonl", new byte[] { 2 }, "application/x-ndjson", CancellationToken.None);
        await Store.PutAsync(Prefix + "jobA/output/0/enriched.csv", new byte[] { 3 }, "text/csv", CancellationToken.None);
        await Store.PutAsync(keep, new byte[] { 4 }, "application/json", CancellationToken.None);

        await Store.DeletePrefixAsync(Prefix + "jobA/", CancellationToken.None);

        Assert.That(await Store.ExistsAsync(Prefix + "jobA/parts/0/000000.jsonl", CancellationToken.None), Is.False);
        Assert.That(await Store.ExistsAsync(Prefix + "jobA/parts/0/000001.jsonl", CancellationToken.None), Is.False);
        Assert.That(await Store.ExistsAsync(Prefix + "jobA/output/0/enriched.csv", CancellationToken.None), Is.False);
        Assert.That(await Store.ExistsAsync(keep, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task DeletePrefix_Empty_IsNoError() =>
        Assert.That(async () => await Store.DeletePrefixAsync(Prefix + "nothing/", CancellationToken.None), Throws.Nothing);

    [Test]
    public async Task Upload_LargeStream_IsVisibleOnlyAfterComplete()
    {
        var key = Prefix + "output/0/enriched.csv";
        var content = Pattern(LargeObjectBytes);
        await using var upload = await Store.StartUploadAsync(key, "text/csv", CancellationToken.None);
        for (var offset = 0; offset < content.Length; offset += 64 * 1024)
        {
            await upload.Stream.WriteAsync(content.AsMemory(offset, Math.Min(64 * 1024, content.Length - offset)));
        }

        Assert.That(await Store.ExistsAsync(key, CancellationToken.None), Is.False, "visible before completion");

        await upload.CompleteAsync(CancellationToken.None);

        // Hashes, not element-wise collection equality: NUnit takes seconds on 11 MB arrays.
        var stored = await ReadAllAsync(key);
        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.Length, Is.EqualTo(content.Length));
        Assert.That(Convert.ToHexString(SHA256.HashData(stored)), Is.EqualTo(Convert.ToHexString(SHA256.HashData(content))));
    }

    [Test]
    public async Task Upload_SmallStream_Completes()
    {
        var key = Prefix + "output/0/summary.json";
        await using (var upload = await Store.StartUploadAsync(key, "application/json", CancellationToken.None))
        {
            await upload.Stream.WriteAsync("{\"records\":1}"u8.ToArray());
            await upload.CompleteAsync(CancellationToken.None);
        }

        Assert.That(await ReadAllAsync(key), Is.EqualTo("{\"records\":1}"u8.ToArray()));
    }

    [Test]
    public async Task Upload_EmptyStream_CompletesToEmptyObject()
    {
        var key = Prefix + "output/0/empty.csv";
        await using (var upload = await Store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            await upload.CompleteAsync(CancellationToken.None);
        }

        Assert.That(await ReadAllAsync(key), Is.Empty);
    }

    [Test]
    public async Task Upload_DisposedWithoutComplete_LeavesNothing()
    {
        var key = Prefix + "output/0/aborted.csv";
        await using (var upload = await Store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            await upload.Stream.WriteAsync(Pattern(1024));
        }

        Assert.That(await Store.ExistsAsync(key, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Upload_Aborted_KeepsThePreviousVersion()
    {
        var key = Prefix + "output/0/enriched.csv";
        await Store.PutAsync(key, "old"u8.ToArray(), "text/csv", CancellationToken.None);
        await using (var upload = await Store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            await upload.Stream.WriteAsync("new content never completed"u8.ToArray());
        }

        Assert.That(await ReadAllAsync(key), Is.EqualTo("old"u8.ToArray()));
    }

    [Test]
    public async Task DownloadUrl_PlainGet_ReturnsTheObject()
    {
        var key = Prefix + "output/0/enriched.csv";
        var content = Encoding.UTF8.GetBytes("email,status\nann@example.com,ok\n");
        await Store.PutAsync(key, content, "text/csv", CancellationToken.None);

        var url = await Store.GetDownloadUrlAsync(key, TimeSpan.FromMinutes(5), "enriched.csv", CancellationToken.None);
        using var client = new HttpClient(CreateHttpHandler());
        using var response = await client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(content));
    }

    [Test]
    public async Task DownloadUrl_IsAbsoluteHttpUrl()
    {
        var url = await Store.GetDownloadUrlAsync(Prefix + "any.csv", TimeSpan.FromMinutes(5), null, CancellationToken.None);

        Assert.That(url.IsAbsoluteUri, Is.True);
        Assert.That(url.Scheme, Is.AnyOf("http", "https"));
    }

    [Test]
    public async Task UploadUrl_PlainPut_StoresTheObject()
    {
        var key = "uploads/" + Guid.NewGuid().ToString("N") + "/contacts.csv";
        var content = Encoding.UTF8.GetBytes("email\nann@example.com\n");

        var url = await Store.GetUploadUrlAsync(key, TimeSpan.FromMinutes(5), "text/csv", content.Length, CancellationToken.None);
        using var client = new HttpClient(CreateHttpHandler());
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await client.PutAsync(url, body);

        Assert.That((int)response.StatusCode, Is.InRange(200, 299));
        Assert.That(await ReadAllAsync(key), Is.EqualTo(content));
        await Store.DeleteAsync(key, CancellationToken.None);
    }
}
