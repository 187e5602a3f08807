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
