using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.Local.Host.Tests.Hosting;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>
/// `serve --api-keys` against callers who are not what they claim: forged hosts, missing or wrong
/// keys, requests Kestrel itself refuses, bodies too big or too many. Every case is a real HTTP
/// request; each asserts the status, the JSON error, and that no job or object appeared.
/// </summary>
[NonParallelizable]
public sealed partial class HostileCallerTests
{
    private const string AliceKey = "alice-key-0123456789abcdef";
    private const string BobKey = "bob-key-0123456789abcdef";
    private const string Csv = "email,first name,country\nann@acme.com,Ann,US\nbob@globex.io,Bob,UK\n";
    private TempDirectory _temp = null!;
    private HostProcess _host = null!;
    private int _port;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _anonymous = null!;

    private string DataDirectory => _temp.File("data");

    private string BaseUrl => $"http://127.0.0.1:{_port}";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        await File.WriteAllTextAsync(_temp.File("keys.json"), $"{{\"{AliceKey}\":\"alice\",\"{BobKey}\":\"bob\"}}");
        _port = HostProcess.FreePort();
        _host = HostProcess.Start(
            "serve", "--port", _port.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory,
            "--api-keys", _temp.File("keys.json"), "--max-body-memory-mb", "12");
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _alice = Client(AliceKey);
        _bob = Client(BobKey);
        _anonymous = Client(null);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        _anonymous.Dispose();
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    private HttpClient Client(string? key)
    {
        var client = ServeHttp.Client(BaseUrl, TimeSpan.FromSeconds(60));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private ServedWorld World() => ServedWorld.Read(DataDirectory);

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), "errors are JSON");
        var json = await JobPolling.ReadJsonAsync(response);
        return json.GetProperty("error").GetString()!;
    }

    private static HttpRequestMessage Request(string method, string path, string? body = null, string contentType = "text/csv")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        return request;
    }

    /// <summary>Waits for a legitimate job to end, so later snapshots see no objects still being written.</summary>
    private async Task<string> FinishedJobOfAsync(HttpClient owner, string? csv = null)
    {
        var accepted = await owner.PostAsync("/jobs", new StringContent(csv ?? Csv, Encoding.UTF8, "text/csv"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var statusUrl = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!;
        var status = await JobPolling.WaitForFinishAsync(owner, statusUrl);
        return status.GetProperty("jobId").GetString()!;
    }

    // ---- Host header: the DNS-rebinding defence ----

    private static IEnumerable<TestCaseData> ForgedHosts() =>
    [
        new TestCaseData("evil.example", "GET", "/health").SetName("Host_Forged_Health_Is421"),
        new TestCaseData("evil.example", "POST", "/jobs").SetName("Host_Forged_Submit_Is421"),
        new TestCaseData("evil.example", "GET", "/jobs/0123456789abcdef0123456789abcdef").SetName("Host_Forged_Status_Is421"),
        new TestCaseData("rebound.attacker.test:{port}", "POST", "/jobs").SetName("Host_RebindingNameWithOurPort_Is421"),
        new TestCaseData("127.0.0.1:1", "POST", "/jobs").SetName("Host_OurAddressOtherPort_Is421"),
        new TestCaseData("127.0.0.1", "POST", "/jobs/uploads").SetName("Host_OurAddressNoPort_Is421"),
        new TestCaseData("evil.example", "GET", "/objects/jobs/x/output/enriched.csv?op=get&expires=9999999999&sig=x").SetName("Host_Forged_ObjectLink_Is421"),
    ];

    [TestCaseSource(nameof(ForgedHosts))]
    public async Task Host_NotOurs_IsRefusedWith421AndNothingIsMade(string hostHeader, string method, string path)
    {
        var before = World();
        using var request = Request(method, path, method == "POST" ? Csv : null);
        request.Headers.Host = hostHeader.Replace("{port}", _port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await _alice.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MisdirectedRequest));
        Assert.That(await ErrorOf(response), Does.Contain("Host"));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Host_Localhost_WithOurPort_IsServed()
    {
        using var request = Request("GET", "/health");
        request.Headers.Host = $"localhost:{_port}";

        var response = await _alice.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Links_AreBuiltFromOurAddress_NotFromForwardedHeaders()
    {
        using var request = Request("POST", "/jobs", Csv);
        request.Headers.Add("X-Forwarded-Proto", "javascript");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("Forwarded", "host=evil.example;proto=javascript");

        var response = await _alice.SendAsync(request);
        var body = await JobPolling.ReadJsonAsync(response);
        await JobPolling.WaitForFinishAsync(_alice, body.GetProperty("statusUrl").GetString()!);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(response.Headers.Location?.AbsoluteUri, Does.StartWith($"{BaseUrl}/jobs/"));
        Assert.That(body.GetProperty("statusUrl").GetString(), Is.EqualTo(response.Headers.Location?.AbsoluteUri));
    }

    [Test]
    public async Task Links_OfAnUpload_AreBuiltFromOurAddress()
    {
        using var request = Request("POST", "/jobs/uploads", "{\"fileName\":\"a.csv\",\"size\":10}", "application/json");
        request.Headers.Host = $"localhost:{_port}";
        request.Headers.Add("X-Forwarded-Proto", "javascript");

        var response = await _alice.SendAsync(request);
        var body = await JobPolling.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(body.GetProperty("uploadUrl").GetString(), Does.StartWith($"{BaseUrl}/objects/uploads/"));
        Assert.That(body.GetProperty("statusUrl").GetString(), Does.StartWith($"{BaseUrl}/jobs/"));
    }

    // ---- Authentication ----

    private static IEnumerable<TestCaseData> Routes() =>
    [
        new TestCaseData("POST", "/jobs", Csv).SetName("Auth_NoKey_Submit_Is401"),
        new TestCaseData("POST", "/process", Csv).SetName("Auth_NoKey_ProcessAlias_Is401"),
        new TestCaseData("POST", "/jobs/uploads", "{\"fileName\":\"a.csv\"}").SetName("Auth_NoKey_Uploads_Is401"),
        new TestCaseData("GET", "/jobs/0123456789abcdef0123456789abcdef", null).SetName("Auth_NoKey_Status_Is401"),
        new TestCaseData("GET", "/status/0123456789abcdef0123456789abcdef", null).SetName("Auth_NoKey_StatusAlias_Is401"),
        new TestCaseData("POST", "/jobs/0123456789abcdef0123456789abcdef/retry", null).SetName("Auth_NoKey_Retry_Is401"),
        new TestCaseData("POST", "/enrich", "{\"email\":\"a@b.com\"}").SetName("Auth_NoKey_EnrichOne_Is401"),
        new TestCaseData("GET", "/version", null).SetName("Auth_NoKey_Version_Is401"),
        new TestCaseData("GET", "/no-such-route", null).SetName("Auth_NoKey_UnknownRoute_Is401"),
        new TestCaseData("GET", "/providers", null).SetName("Auth_NoKey_Providers_Is401"),
        new TestCaseData("GET", "/jobs/0123456789abcdef0123456789abcdef/summary", null).SetName("Auth_NoKey_Summary_Is401"),
    ];

    [TestCaseSource(nameof(Routes))]
    public async Task Auth_WithoutAKey_Is401WithJsonAndNothingIsMade(string method, string path, string? body)
    {
        var before = World();
        using var request = Request(method, path, body);

        var response = await _anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ErrorOf(response), Does.Contain("API key"));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        Assert.That(World(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> WrongCredentials() =>
    [
        new TestCaseData("Authorization", "Bearer not-a-key-0123456789abcdef").SetName("Auth_UnknownBearerKey_Is401"),
        new TestCaseData("Authorization", "Bearer ").SetName("Auth_EmptyBearer_Is401"),
        new TestCaseData("Authorization", $"Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes("alice:" + AliceKey))}").SetName("Auth_BasicWithTheKeyAsPassword_Is401"),
        new TestCaseData("Authorization", AliceKey).SetName("Auth_KeyWithoutBearerScheme_Is401"),
        new TestCaseData("x-api-key", "not-a-key-0123456789abcdef").SetName("Auth_UnknownXApiKey_Is401"),
        new TestCaseData("x-api-key", AliceKey.ToUpperInvariant()).SetName("Auth_KeyInOtherCase_Is401"),
        new TestCaseData("x-api-key", AliceKey[..^1]).SetName("Auth_KeyPrefix_Is401"),
    ];

    [TestCaseSource(nameof(WrongCredentials))]
    public async Task Auth_WithAWrongKey_Is401AndNothingIsMade(string header, string value)
    {
        var before = World();
        using var request = Request("POST", "/jobs", Csv);
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await _anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ErrorOf(response), Does.Contain("API key"));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Auth_HealthStaysOpen()
    {
        var response = await _anonymous.GetAsync("/health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Auth_XApiKey_IsAccepted()
    {
        using var request = Request("GET", "/version");
        request.Headers.Add("x-api-key", BobKey);

        var response = await _anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    // ---- Ownership: another caller's job does not exist for them ----

    private static IEnumerable<TestCaseData> OwnedRoutes() =>
    [
        new TestCaseData("GET", "/jobs/{id}").SetName("Owner_OtherCaller_Status_Is404"),
        new TestCaseData("GET", "/status/{id}").SetName("Owner_OtherCaller_StatusAlias_Is404"),
        new TestCaseData("POST", "/jobs/{id}/retry").SetName("Owner_OtherCaller_Retry_Is404"),
        new TestCaseData("GET", "/jobs/{id}/").SetName("Owner_OtherCaller_StatusTrailingSlash_Is404"),
        new TestCaseData("GET", "/jobs/{ID}").SetName("Owner_OtherCaller_StatusUpperCaseId_Is404"),
        new TestCaseData("GET", "/jobs/{id}/summary").SetName("Owner_OtherCaller_Summary_Is404"),
    ];

    [TestCaseSource(nameof(OwnedRoutes))]
    public async Task Owner_AnotherCallersJob_Is404LikeAMissingOne_AndNothingChanges(string method, string path)
    {
        var jobId = await FinishedJobOfAsync(_alice);
        var before = World();
        var missingId = "0123456789abcdef0123456789abcdef";

        var response = await _bob.SendAsync(Request(method, path.Replace("{id}", jobId, StringComparison.Ordinal).Replace("{ID}", jobId.ToUpperInvariant(), StringComparison.Ordinal)));
        var missing = await _bob.SendAsync(Request(method, path.Replace("{id}", missingId, StringComparison.Ordinal).Replace("{ID}", missingId.ToUpperInvariant(), StringComparison.Ordinal)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ErrorOf(response)).Replace(jobId, "ID", StringComparison.OrdinalIgnoreCase), Is.EqualTo((await ErrorOf(missing)).Replace(missingId, "ID", StringComparison.OrdinalIgnoreCase)), "the same answer as a job that does not exist");
        Assert.That(World(), Is.EqualTo(before));
        var own = await _alice.GetAsync($"/jobs/{jobId}");
        Assert.That((await JobPolling.ReadJsonAsync(own)).GetProperty("status").GetString(), Is.EqualTo("completed"), "the owner's job is untouched");
    }

    [Test]
    public async Task Owner_AnotherCallerNeverSeesTheDownloadLink()
    {
        var jobId = await FinishedJobOfAsync(_alice);

        var own = await JobPolling.ReadJsonAsync(await _alice.GetAsync($"/jobs/{jobId}"));
        var other = await _bob.GetAsync($"/jobs/{jobId}");

        Assert.That(own.GetProperty("downloadUrl").GetString(), Does.StartWith($"{BaseUrl}/objects/jobs/{jobId}/"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await other.Content.ReadAsStringAsync(), Does.Not.Contain("/objects/"));
    }

    // ---- Idempotency keys: per caller, bound to the request ----

    private async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient caller, string key, string csv, string? output = null)
    {
        using var request = Request("POST", output is null ? "/jobs" : $"/jobs?output={output}", csv);
        request.Headers.Add("Idempotency-Key", key);
        return await caller.SendAsync(request);
    }

    [Test]
    public async Task Idempotency_SameKeySameList_AnswersTheSameJobWith200()
    {
        var key = "replay-" + Guid.NewGuid().ToString("N");
        var first = await PostWithKeyAsync(_alice, key, Csv);
        var jobId = (await JobPolling.ReadJsonAsync(first)).GetProperty("jobId").GetString()!;
        await JobPolling.WaitForFinishAsync(_alice, $"/jobs/{jobId}");
        var before = World();

        var replay = await PostWithKeyAsync(_alice, key, Csv);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await JobPolling.ReadJsonAsync(replay)).GetProperty("jobId").GetString(), Is.EqualTo(jobId));
        Assert.That(World(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> ChangedRequests() =>
    [
        new TestCaseData(Csv + "cy@x.com,Cy,DE\n", null).SetName("Idempotency_SameKeyOtherList_Is422"),
        new TestCaseData(Csv, "jsonl").SetName("Idempotency_SameKeyOtherOutput_Is422"),
        new TestCaseData(Csv.Replace("\n", "\r\n", StringComparison.Ordinal), null).SetName("Idempotency_SameKeySameRowsOtherBytes_Is422"),
    ];

    [TestCaseSource(nameof(ChangedRequests))]
    public async Task Idempotency_SameKeyAnotherRequest_Is422AndNothingIsMade(string csv, string? output)
    {
        var key = "changed-" + Guid.NewGuid().ToString("N");
        var first = await PostWithKeyAsync(_alice, key, Csv);
        await JobPolling.WaitForFinishAsync(_alice, (await JobPolling.ReadJsonAsync(first)).GetProperty("statusUrl").GetString()!);
        var before = World();

        var response = await PostWithKeyAsync(_alice, key, csv, output);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await ErrorOf(response), Does.Contain("Idempotency-Key"));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Idempotency_AnotherCallersKey_IsNeverTheirJob()
    {
        var key = "shared-" + Guid.NewGuid().ToString("N");
        var first = await PostWithKeyAsync(_alice, key, Csv);
        var aliceJob = (await JobPolling.ReadJsonAsync(first)).GetProperty("jobId").GetString()!;

        var second = await PostWithKeyAsync(_bob, key, Csv);
        var bobJob = (await JobPolling.ReadJsonAsync(second)).GetProperty("jobId").GetString()!;
        var different = await PostWithKeyAsync(_bob, key + "-x", Csv + "cy@x.com,Cy,DE\n");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(bobJob, Is.Not.EqualTo(aliceJob));
        Assert.That(different.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await _bob.GetAsync($"/jobs/{aliceJob}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _alice.GetAsync($"/jobs/{bobJob}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await JobPolling.WaitForFinishAsync(_bob, $"/jobs/{bobJob}");
        await JobPolling.WaitForFinishAsync(_bob, (await JobPolling.ReadJsonAsync(different)).GetProperty("statusUrl").GetString()!);
        await JobPolling.WaitForFinishAsync(_alice, $"/jobs/{aliceJob}");
    }

    [Test]
    public async Task Idempotency_ConcurrentSameKey_MakeOneJobEveryoneCanRead()
    {
        var key = "race-" + Guid.NewGuid().ToString("N");
        var before = World();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostWithKeyAsync(_alice, key, Csv)));
        var ids = new List<string>();
        foreach (var response in responses)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted).Or.EqualTo(HttpStatusCode.OK));
            ids.Add((await JobPolling.ReadJsonAsync(response)).GetProperty("jobId").GetString()!);
        }

        var jobId = ids.Distinct().Single();
        var status = await JobPolling.WaitForFinishAsync(_alice, $"/jobs/{jobId}");
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(World().Jobs, Is.EqualTo(before.Jobs + 1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1));
    }

    // ---- Uploads: a link is bound to one size and used once ----

    private async Task<(string JobId, Uri Url)> ReserveUploadAsync(long size)
    {
        var reserve = await _alice.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"list.csv\",\"size\":{size}}}", Encoding.UTF8, "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await JobPolling.ReadJsonAsync(reserve);
        Assert.That(body.GetProperty("contentLength").GetInt64(), Is.EqualTo(size));
        return (body.GetProperty("jobId").GetString()!, new Uri(body.GetProperty("uploadUrl").GetString()!));
    }

    private static IEnumerable<TestCaseData> BadUploadSizes() =>
    [
        new TestCaseData("{\"fileName\":\"a.csv\"}", 400, "size").SetName("Upload_WithoutSize_Is400"),
        new TestCaseData("{\"fileName\":\"a.csv\",\"size\":0}", 400, "size").SetName("Upload_SizeZero_Is400"),
        new TestCaseData("{\"fileName\":\"a.csv\",\"size\":-5}", 400, "size").SetName("Upload_NegativeSize_Is400"),
        new TestCaseData("{\"fileName\":\"a.csv\",\"size\":5368709121}", 413, "upload limit").SetName("Upload_OverTheLimit_Is413"),
        new TestCaseData("{\"fileName\":\"a.csv\",\"size\":\"12\"}", 400, "upload request").SetName("Upload_SizeAsText_Is400"),
    ];

    [TestCaseSource(nameof(BadUploadSizes))]
    public async Task Upload_ReserveWithABadSize_IsRefusedAndNothingIsMade(string body, int status, string message)
    {
        var before = World();

        var response = await _alice.PostAsync("/jobs/uploads", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(await ErrorOf(response), Does.Contain(message));
        Assert.That(World(), Is.EqualTo(before));
    }

    private static IEnumerable<TestCaseData> WrongLengthPuts() =>
    [
        new TestCaseData(Csv + "extra@x.com,Ex,US\n", 403).SetName("Upload_PutLongerThanSigned_Is403"),
        new TestCaseData(Csv[..^5], 403).SetName("Upload_PutShorterThanSigned_Is403"),
    ];

    [TestCaseSource(nameof(WrongLengthPuts))]
    public async Task Upload_PutOfAnotherLength_IsRefusedAndStoresNothing(string body, int status)
    {
        var (jobId, url) = await ReserveUploadAsync(Encoding.UTF8.GetByteCount(Csv));
        var before = World();

        var put = await _anonymous.PutAsync(url, new StringContent(body, Encoding.UTF8, "text/csv"));

        Assert.That((int)put.StatusCode, Is.EqualTo(status));
        Assert.That(await put.Content.ReadAsStringAsync(), Does.Contain("signed length"));
        Assert.That(World(), Is.EqualTo(before));
        Assert.That((await JobPolling.ReadJsonAsync(await _alice.GetAsync($"/jobs/{jobId}"))).GetProperty("status").GetString(), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task Upload_ChunkedPut_Is411AndStoresNothing()
    {
        var (_, url) = await ReserveUploadAsync(Encoding.UTF8.GetByteCount(Csv));
        var before = World();
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Csv))) };
        request.Headers.TransferEncodingChunked = true;

        var put = await _anonymous.SendAsync(request);

        Assert.That((int)put.StatusCode, Is.EqualTo(411));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Upload_LengthParameterChanged_Is403()
    {
        var (_, url) = await ReserveUploadAsync(Encoding.UTF8.GetByteCount(Csv));
        var before = World();
        var forged = new Uri(url.AbsoluteUri.Replace($"length={Encoding.UTF8.GetByteCount(Csv)}", "length=999999999", StringComparison.Ordinal));

        var put = await _anonymous.PutAsync(forged, new ByteArrayContent(new byte[64]));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Upload_SecondPutToTheSameLink_Is409AndTheJobIsSplitOnceFromTheFirstFile()
    {
        var (jobId, url) = await ReserveUploadAsync(Encoding.UTF8.GetByteCount(Csv));
        var first = await _anonymous.PutAsync(url, new StringContent(Csv, Encoding.UTF8, "text/csv"));
        var other = "email,first name,country\nzed@x.com,Zed,US\nyan@x.com,Yan,FR\nxi@x.com,Xi,CN\n"[..Encoding.UTF8.GetByteCount(Csv)];

        var second = await _anonymous.PutAsync(url, new StringContent(other, Encoding.UTF8, "text/csv"));
        var status = await JobPolling.WaitForFinishAsync(_alice, $"/jobs/{jobId}");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(status.GetProperty("records").GetProperty("total").GetInt64(), Is.EqualTo(2));
        using var plain = new HttpClient();
        var output = await plain.GetStringAsync(new Uri(status.GetProperty("downloadUrl").GetString()!));
        Assert.That(output, Does.Contain("ann@acme.com").And.Not.Contain("zed@x.com"));
    }

    // ---- Errors Kestrel raises itself carry JSON too ----

    private static IEnumerable<TestCaseData> MalformedRequests() =>
    [
        new TestCaseData("GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: " + new string('a', 70_000) + "\r\n\r\n", 431).SetName("Kestrel_HeadersTooLarge_Is431Json"),
        new TestCaseData("GET /jobs/" + new string('a', 20_000) + " HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n", 414).SetName("Kestrel_UriTooLong_Is414Json"),
        new TestCaseData("GET /jobs/%00 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n", 400).SetName("Kestrel_NulInPath_Is400Json"),
        new TestCaseData("GET /health HTTP/1.1\r\n\r\n", 400).SetName("Kestrel_NoHostHeader_Is400Json"),
        new TestCaseData("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400).SetName("Kestrel_TwoHostHeaders_Is400Json"),
        new TestCaseData("GARBAGE\r\n\r\n", 400).SetName("Kestrel_GarbageRequestLine_Is400Json"),
        new TestCaseData("GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nBad Header: x\r\n\r\n", 400).SetName("Kestrel_SpaceInHeaderName_Is400Json"),
        new TestCaseData("GET /health HTTP/7.0\r\nHost: 127.0.0.1:{port}\r\n\r\n", 505).SetName("Kestrel_UnknownHttpVersion_Is505Json"),
        new TestCaseData("POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer " + AliceKey + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nemail\r\n0\r\n\r\n", 400).SetName("Kestrel_MalformedChunkedBody_Is400Json"),
        new TestCaseData("POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer " + AliceKey + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: gzip\r\n\r\n", 400).SetName("Kestrel_TransferEncodingNotChunked_Is400Json"),
        new TestCaseData("POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello", 400).SetName("Kestrel_TwoContentLengths_Is400Json"),
        new TestCaseData("POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: -1\r\n\r\n", 400).SetName("Kestrel_NegativeContentLength_Is400Json"),
    ];

    [TestCaseSource(nameof(MalformedRequests))]
    public async Task Kestrel_RefusesAMalformedRequestWithAJsonBody(string raw, int status)
    {
        var before = World();

        var response = await RawHttp.SendAsync(_port, raw.Replace("{port}", _port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.That(response.Status, Is.EqualTo(status));
        Assert.That(response.Headers["Content-Type"], Does.StartWith("application/json"));
        Assert.That(response.Error(), Is.Not.Empty);
        Assert.That(response.Headers["Content-Length"], Is.EqualTo(Encoding.UTF8.GetByteCount(response.Body).ToString(CultureInfo.InvariantCulture)));
        Assert.That(World(), Is.EqualTo(before));
    }

    // ---- Bodies: bounded before they are read ----

    [Test]
    public async Task Body_DeclaredOverTheLimit_Is413BeforeItIsRead()
    {
        var before = World();
        var raw = $"POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\nAuthorization: Bearer {AliceKey}\r\nContent-Type: text/csv\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\nemail\n";

        var response = await RawHttp.SendAsync(_port, raw);

        Assert.That(response.Status, Is.EqualTo(413));
        Assert.That(response.Error(), Does.Contain("/jobs/uploads"));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Body_ChunkedOverTheLimit_Is413()
    {
        var before = World();
        using var request = Request("POST", "/jobs");
        request.Content = new StreamContent(new MemoryStream(new byte[11 * 1024 * 1024]));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.TransferEncodingChunked = true;

        var response = await _alice.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await ErrorOf(response), Does.Contain("10 MB"));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Body_ShorterThanDeclared_IsNotAJob()
    {
        var before = World();
        var raw = $"POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\nAuthorization: Bearer {AliceKey}\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\nemail\na@b.com\n";

        // The client gives up half-way (closes its side): nobody is left to answer, and nothing is made.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", _port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(raw));
        client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException)
        {
            // The host drops a connection whose client has gone.
        }

        var text = Encoding.ASCII.GetString(answer.ToArray());
        Assert.That(text, Is.Empty.Or.StartWith("HTTP/1.1 400"));
        Assert.That((await _alice.GetAsync("/health")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the host still answers");
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task Body_WhenTheBudgetIsTaken_Is503WithRetryAfter()
    {
        var before = World();
        const int size = 9 * 1024 * 1024;

        // A first client declares a 9 MB body and waits for 100 Continue: the host sends it when it
        // starts reading, after it has taken the 9 MB from its 12 MB budget.
        using var holder = new System.Net.Sockets.TcpClient();
        await holder.ConnectAsync("127.0.0.1", _port);
        var holderStream = holder.GetStream();
        var head = $"POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\nAuthorization: Bearer {AliceKey}\r\nContent-Type: text/csv\r\nContent-Length: {size}\r\n";
        await holderStream.WriteAsync(Encoding.ASCII.GetBytes(head + "Expect: 100-continue\r\n\r\n"));
        var interim = new byte[64];
        var got = await holderStream.ReadAsync(interim).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(Encoding.ASCII.GetString(interim, 0, got), Does.StartWith("HTTP/1.1 100 Continue"));

        // The second, also 9 MB, does not fit beside it: refused before its body is read.
        var refused = await RawHttp.SendAsync(_port, head + "Connection: close\r\n\r\n");

        Assert.That(refused.Status, Is.EqualTo(503));
        Assert.That(refused.Headers["Retry-After"], Is.EqualTo("1"));
        Assert.That(refused.Error(), Does.Contain("retry"));
        Assert.That(World(), Is.EqualTo(before));
    }
}
