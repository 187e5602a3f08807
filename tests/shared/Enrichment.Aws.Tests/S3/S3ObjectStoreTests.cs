using System.Net;
using System.Text;
using System.Web;
using Amazon.S3;
using Amazon.S3.Model;
using Enrichment.Aws.S3;
using Enrichment.Aws.Tests.Support;

namespace Enrichment.Aws.Tests.S3;

/// <summary>S3-specific behaviour: multipart parts, aborts, encryption headers, pre-signed links, paging.</summary>
[TestFixture]
public sealed class S3ObjectStoreTests
{
    private AmazonS3Client _client = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task CreateBucketOnceAsync()
    {
        _client = MotoClients.S3();
        _bucket = await MotoResources.CreateBucketAsync(_client);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    private S3ObjectStore NewStore(string? kmsKeyId = null) =>
        new(_client, _bucket, kmsKeyId, TimeProvider.System, S3ObjectStore.MinimumPartSize);

    private static string NewKey(string name) => "jobs/" + Guid.NewGuid().ToString("N")[..12] + "/" + name;

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private async Task<byte[]> ReadAsync(S3ObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        Assert.That(stream, Is.Not.Null);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<List<MultipartUpload>> PendingUploadsAsync(string key)
    {
        var response = await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = key });
        return response.MultipartUploads ?? [];
    }

    [Test]
    public async Task Upload_TwelveMiB_GoesUpInPartsAndStreamsBackIdentical()
    {
        var store = NewStore();
        var key = NewKey("output/0/enriched.csv");
        var content = Pattern(12 * 1024 * 1024 + 321);

        await using (var upload = await store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            for (var offset = 0; offset < content.Length; offset += 100_000)
            {
                await upload.Stream.WriteAsync(content.AsMemory(offset, Math.Min(100_000, content.Length - offset)));
            }

            Assert.That(await PendingUploadsAsync(key), Has.Count.EqualTo(1), "parts go up while writing");
            await upload.CompleteAsync(CancellationToken.None);
        }

        var head = await _client.GetObjectMetadataAsync(_bucket, key);
        Assert.That(head.ETag, Does.EndWith("-3\""), "5 MiB + 5 MiB + the rest");
        Assert.That(head.ContentLength, Is.EqualTo(content.Length));
        Assert.That(head.Headers.ContentType, Is.EqualTo("text/csv"));
        Assert.That(await ReadAsync(store, key), Is.EqualTo(content));
        Assert.That(await PendingUploadsAsync(key), Is.Empty);
    }

    [Test]
    public async Task Upload_ExactlyOnePart_IsASinglePut()
    {
        var store = NewStore();
        var key = NewKey("one-part.bin");
        var content = Pattern(S3ObjectStore.MinimumPartSize);

        await using (var upload = await store.StartUploadAsync(key, "application/octet-stream", CancellationToken.None))
        {
            await upload.Stream.WriteAsync(content);
            Assert.That(await PendingUploadsAsync(key), Is.Empty);
            await upload.CompleteAsync(CancellationToken.None);
        }

        var head = await _client.GetObjectMetadataAsync(_bucket, key);
        Assert.That(head.ETag, Does.Not.Contain("-"));
        Assert.That(await ReadAsync(store, key), Is.EqualTo(content));
    }

    [Test]
    public async Task Upload_DisposedAfterPartsWentUp_AbortsAndLeavesNoObjectNorParts()
    {
        var store = NewStore();
        var key = NewKey("aborted.csv");

        await using (var upload = await store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            await upload.Stream.WriteAsync(Pattern(S3ObjectStore.MinimumPartSize + 10));
            Assert.That(await PendingUploadsAsync(key), Has.Count.EqualTo(1));
        }

        Assert.That(await store.ExistsAsync(key, CancellationToken.None), Is.False);
        Assert.That(await PendingUploadsAsync(key), Is.Empty);
    }

    [Test]
    public async Task Upload_SynchronousWriter_Works()
    {
        var store = NewStore();
        var key = NewKey("sync.csv");
        await using (var upload = await store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            using (var writer = new StreamWriter(upload.Stream, new UTF8Encoding(false), 1024, leaveOpen: true))
            {
                for (var i = 0; i < 1000; i++)
                {
                    writer.WriteLine("row," + i);
                }
            }

            await upload.CompleteAsync(CancellationToken.None);
        }

        var text = Encoding.UTF8.GetString(await ReadAsync(store, key));
        Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1000));
    }

    [Test]
    public async Task Upload_CompleteTwice_Throws()
    {
        var store = NewStore();
        await using var upload = await store.StartUploadAsync(NewKey("twice.txt"), "text/plain", CancellationToken.None);
        await upload.CompleteAsync(CancellationToken.None);

        Assert.That(async () => await upload.CompleteAsync(CancellationToken.None), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Put_RequestsSseS3_ByDefault()
    {
        var store = NewStore();
        var key = NewKey("summary.json");

        await store.PutAsync(key, "{}"u8.ToArray(), "application/json", CancellationToken.None);

        var head = await _client.GetObjectMetadataAsync(_bucket, key);
        Assert.That(head.ServerSideEncryptionMethod, Is.EqualTo(ServerSideEncryptionMethod.AES256));
    }

    [Test]
    public async Task Put_WithKmsKey_RequestsSseKmsWithThatKey()
    {
        var store = NewStore("alias/enrichment-test");
        var key = NewKey("summary.json");

        await store.PutAsync(key, "{}"u8.ToArray(), "application/json", CancellationToken.None);

        var head = await _client.GetObjectMetadataAsync(_bucket, key);
        Assert.That(head.ServerSideEncryptionMethod, Is.EqualTo(ServerSideEncryptionMethod.AWSKMS));
        Assert.That(head.ServerSideEncryptionKeyManagementServiceKeyId, Does.Contain("alias/enrichment-test"));
    }

    [Test]
    public async Task MultipartUpload_RequestsEncryptionToo()
    {
        var store = NewStore("alias/enrichment-test");
        var key = NewKey("output/0/enriched.jsonl");
        await using (var upload = await store.StartUploadAsync(key, "application/x-ndjson", CancellationToken.None))
        {
            await upload.Stream.WriteAsync(Pattern(S3ObjectStore.MinimumPartSize + 1));
            await upload.CompleteAsync(CancellationToken.None);
        }

        var head = await _client.GetObjectMetadataAsync(_bucket, key);
        Assert.That(head.ServerSideEncryptionMethod, Is.EqualTo(ServerSideEncryptionMethod.AWSKMS));
    }

    [Test]
    public async Task SmallUpload_RequestsEncryptionToo()
    {
        var store = NewStore();
        var key = NewKey("output/0/small.csv");
        await using (var upload = await store.StartUploadAsync(key, "text/csv", CancellationToken.None))
        {
            await upload.CompleteAsync(CancellationToken.None);
        }

        var head = await _client.GetObjectMetadataAsync(_bucket, key);
        Assert.That(head.ServerSideEncryptionMethod, Is.EqualTo(ServerSideEncryptionMethod.AES256));
        Assert.That(head.ContentLength, Is.Zero);
    }

    [Test]
    public async Task DownloadUrl_CarriesLifetimeAndFileName_AndPlainGetGetsTheAttachment()
    {
        var store = NewStore();
        var key = NewKey("output/0/enriched.csv");
        await store.PutAsync(key, "email\nann@example.com\n"u8.ToArray(), "text/csv", CancellationToken.None);

        var url = await store.GetDownloadUrlAsync(key, TimeSpan.FromMinutes(5), "contacts enriched é.csv", CancellationToken.None);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);

        var query = HttpUtility.ParseQueryString(url.Query);
        // The signer counts from its own clock, which may have ticked into the next second.
        Assert.That(int.Parse(query["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(298, 302), "the SDK derives X-Amz-Expires from an absolute expiry, so a second either way is rounding");
        Assert.That(url.Scheme, Is.EqualTo("http"), "follows the emulator's scheme");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // S3 answers with the signed response-content-disposition (moto ignores the override, so the link itself is checked).
        Assert.That(query["response-content-disposition"], Is.EqualTo(S3ObjectStore.ContentDisposition("contacts enriched é.csv")));
        Assert.That(url.ToString(), Is.EqualTo(url.AbsoluteUri), "no character that Uri.ToString() would unescape");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("email\nann@example.com\n"));
    }

    [Test]
    public async Task UploadUrl_CarriesLifetime_AndAPlainPutLandsTheObject()
    {
        var store = NewStore();
        var key = "uploads/" + Guid.NewGuid().ToString("N") + "/contacts.csv";

        var url = await store.GetUploadUrlAsync(key, TimeSpan.FromSeconds(90), "text/csv", Encoding.UTF8.GetByteCount("email\nbob@example.com\n"), CancellationToken.None);
        using var http = new HttpClient();
        using var body = new StringContent("email\nbob@example.com\n", Encoding.UTF8);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await http.PutAsync(url, body);

        Assert.That(int.Parse(HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(88, 92), "the SDK derives X-Amz-Expires from an absolute expiry, so a second either way is rounding");
        Assert.That(response.IsSuccessStatusCode, Is.True);
        Assert.That(HttpUtility.ParseQueryString(url.Query)["X-Amz-SignedHeaders"]!.Split(';'), Does.Contain("content-length"), "the PUT's length is part of the signature");
        Assert.That(Encoding.UTF8.GetString(await ReadAsync(store, key)), Is.EqualTo("email\nbob@example.com\n"));
    }

    [Test]
    public void Urls_LifetimeBeyondSevenDaysOrNotPositive_AreRejected()
    {
        var store = NewStore();

        Assert.That(async () => await store.GetDownloadUrlAsync("k", TimeSpan.FromDays(8), null, CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(async () => await store.GetUploadUrlAsync("k", TimeSpan.Zero, "text/csv", 1, CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task DeletePrefix_AcrossListingPages_RemovesEveryObject()
    {
        var store = NewStore();
        store.ListPageSize = 4;
        var prefix = NewKey("parts/");
        for (var i = 0; i < 11; i++)
        {
            await store.PutAsync(prefix + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + ".jsonl", new byte[] { (byte)i }, "application/x-ndjson", CancellationToken.None);
        }

        await store.DeletePrefixAsync(prefix, CancellationToken.None);

        var left = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix });
        Assert.That(left.S3Objects ?? [], Is.Empty);
    }

    [Test]
    public void DeletePrefix_Empty_IsRefused() =>
        Assert.That(async () => await NewStore().DeletePrefixAsync("", CancellationToken.None), Throws.InstanceOf<ArgumentException>());

    [Test]
    public void PartSize_BelowTheS3Minimum_IsRejected() =>
        Assert.That(() => new S3ObjectStore(_client, _bucket, null, TimeProvider.System, 1024 * 1024), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [TestCase("report.csv", "attachment;filename=report.csv;filename*=UTF-8''report.csv")]
    [TestCase("a\"b;c.csv", "attachment;filename=a_b_c.csv;filename*=UTF-8''a%22b%3Bc.csv")]
    [TestCase("contacts é.csv", "attachment;filename=contacts__.csv;filename*=UTF-8''contacts%20%C3%A9.csv")]
    public void ContentDisposition_IsSafeForAnyFileName(string fileName, string expected) =>
        Assert.That(S3ObjectStore.ContentDisposition(fileName), Is.EqualTo(expected));
}
