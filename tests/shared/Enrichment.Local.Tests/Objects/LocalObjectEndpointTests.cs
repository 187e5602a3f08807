using System.Net;
using Enrichment.Local.Objects;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.Objects;

public sealed class LocalObjectEndpointTests
{
    private readonly ManualTimeProvider _time = new();
    private TempDirectory _directory = null!;
    private DirectoryObjectStore _store = null!;
    private HttpClient _client = null!;
    private LocalObjectEndpoint _endpoint = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory();
        var signer = LocalUrlSigner.ForDataDirectory(_directory.Path, _time);
        _store = new DirectoryObjectStore(_directory.Path, signer, new Uri("http://127.0.0.1:8080/"));
        _endpoint = new LocalObjectEndpoint(_store, signer);
        _client = new HttpClient(new LocalObjectHttpHandler(_endpoint));
    }

    [TearDown]
    public void Remove()
    {
        _client.Dispose();
        _store.Dispose();
        _directory.Dispose();
    }

    [Test]
    public async Task Get_ExpiredLink_Is403()
    {
        await _store.PutAsync("jobs/a/out.csv", "x"u8.ToArray(), "text/csv", CancellationToken.None);
        var url = await _store.GetDownloadUrlAsync("jobs/a/out.csv", TimeSpan.FromMinutes(1), null, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));

        using var response = await _client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Get_LinkForAnotherKey_Is403()
    {
        await _store.PutAsync("jobs/b/out.csv", "secret"u8.ToArray(), "text/csv", CancellationToken.None);
        var url = await _store.GetDownloadUrlAsync("jobs/a/out.csv", TimeSpan.FromMinutes(1), null, CancellationToken.None);

        using var response = await _client.GetAsync(new Uri(url.AbsoluteUri.Replace("/jobs/a/", "/jobs/b/")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Get_UploadLink_Is403()
    {
        await _store.PutAsync("uploads/j/in.csv", "x"u8.ToArray(), "text/csv", CancellationToken.None);
        var url = await _store.GetUploadUrlAsync("uploads/j/in.csv", TimeSpan.FromMinutes(1), "text/csv", 6, CancellationToken.None);

        using var response = await _client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Get_MissingObject_Is404()
    {
        var url = await _store.GetDownloadUrlAsync("jobs/a/none.csv", TimeSpan.FromMinutes(1), null, CancellationToken.None);

        using var response = await _client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Get_WithName_SetsAttachmentDispositionAndContentType()
    {
        await _store.PutAsync("jobs/a/output/0/enriched.csv", "email\n"u8.ToArray(), "text/csv", CancellationToken.None);
        var url = await _store.GetDownloadUrlAsync("jobs/a/output/0/enriched.csv", TimeSpan.FromMinutes(1), "contacts-enriched.csv", CancellationToken.None);

        using var response = await _client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        Assert.That(response.Content.Headers.ContentDisposition.FileName!.Trim('"'), Is.EqualTo("contacts-enriched.csv"));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
    }

    [Test]
    public async Task Request_WithTraversalKey_IsRejectedAndReadsNothingOutside()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "outside.txt"), "outside");

        // Raw path as a client could send it (HttpClient itself would collapse the dots).
        var response = await _endpoint.HandleAsync("GET", "/objects/jobs/%2E%2E/%2E%2E/outside.txt", "?op=get&expires=9999999999&sig=x", null, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Body, Is.Null);
    }

    [Test]
    public async Task Delete_IsNotAllowed()
    {
        var url = await _store.GetDownloadUrlAsync("jobs/a/x.csv", TimeSpan.FromMinutes(1), null, CancellationToken.None);

        using var response = await _client.DeleteAsync(url);

        Assert.That((int)response.StatusCode, Is.EqualTo(405));
    }

    [Test]
    public async Task Put_ExpiredUploadLink_Is403_AndStoresNothing()
    {
        var url = await _store.GetUploadUrlAsync("uploads/j/in.csv", TimeSpan.FromMinutes(1), "text/csv", 6, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(2));

        using var body = new ByteArrayContent("email\n"u8.ToArray());
        using var response = await _client.PutAsync(url, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await _store.ExistsAsync("uploads/j/in.csv", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Put_DownloadLink_Is403()
    {
        var url = await _store.GetDownloadUrlAsync("jobs/a/out.csv", TimeSpan.FromMinutes(1), null, CancellationToken.None);

        using var body = new ByteArrayContent("overwrite"u8.ToArray());
        using var response = await _client.PutAsync(url, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await _store.ExistsAsync("jobs/a/out.csv", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Put_OfALocalFile_StoresACopy_ThatLaterChangesToTheFileDoNotReach()
    {
        var input = Path.Combine(_directory.Path, "mine.csv");
        await File.WriteAllTextAsync(input, "email\nann@acme.com\n");
        var url = await _store.GetUploadUrlAsync("uploads/j/in.csv", TimeSpan.FromMinutes(1), "text/csv", new FileInfo(input).Length, CancellationToken.None);

        LocalObjectResponse put;
        await using (var file = File.OpenRead(input))
        {
            put = await _endpoint.HandleAsync("PUT", url.AbsolutePath, url.Query, file, CancellationToken.None, file.Length);
        }

        await File.WriteAllTextAsync(input, "email\nbob@acme.com\n");
        await using var stored = (await _store.OpenReadAsync("uploads/j/in.csv", CancellationToken.None))!;
        using var text = new StreamReader(stored);

        Assert.That(put.StatusCode, Is.EqualTo(200));
        Assert.That(await text.ReadToEndAsync(), Is.EqualTo("email\nann@acme.com\n"));
    }

    [Test]
    public async Task Put_OfALocalFileTwice_IsRefusedTheSecondTime_AndKeepsTheFirst()
    {
        var input = Path.Combine(_directory.Path, "mine.csv");
        await File.WriteAllTextAsync(input, "email\nann@acme.com\n");
        var url = await _store.GetUploadUrlAsync("uploads/j/in.csv", TimeSpan.FromMinutes(1), "text/csv", new FileInfo(input).Length, CancellationToken.None);
        async Task<int> PutAsync()
        {
            await using var file = File.OpenRead(input);
            return (await _endpoint.HandleAsync("PUT", url.AbsolutePath, url.Query, file, CancellationToken.None, file.Length)).StatusCode;
        }

        var first = await PutAsync();
        await File.WriteAllTextAsync(input, "email\nbob@acme.com\n");
        var second = await PutAsync();

        Assert.That((first, second), Is.EqualTo((200, 409)));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(_directory.Path, "objects", "uploads", "j", "in.csv")), Does.Contain("ann@"));
    }

    [Test]
    public void PutNewCopy_OfAFileWhoseLengthIsNotTheOneExpected_Throws_AndStoresNothing()
    {
        var input = Path.Combine(_directory.Path, "mine.csv");
        File.WriteAllText(input, "email\nann@acme.com\n");

        Assert.Throws<InvalidDataException>(() => _store.TryPutNewCopy("uploads/j/in.csv", input, length: 3));
        Assert.That(_store.ExistsAsync("uploads/j/in.csv", CancellationToken.None).Result, Is.False);
        Assert.That(Directory.EnumerateFiles(Path.Combine(_directory.Path, "objects-tmp")), Is.Empty);
    }
}
