using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enrichment.Local.Host.Tests.Hosting;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>
/// Hostile requests about providers and list shapes, sent over real HTTP to a running `serve`: each
/// is a JSON 4xx with a useful message that carries no path or exception text, and leaves no job and
/// no object behind.
/// </summary>
[NonParallelizable]
public sealed class HostileProviderAndShapeTests
{
    private const string Secret = "sk-exfil-9d2c41";
    private const string Csv = "email,first_name\nann@acme.com,Ann\n";
    private TempDirectory _temp = null!;
    private LoopbackCounter _listener = null!;
    private HostProcess _host = null!;
    private HttpClient _http = null!;
    private string _data = null!;

    public static IEnumerable<TestCaseData> HostileProviderLists()
    {
        string[] lists =
        [
            "http:/etc/passwd",
            "http:missing.json",
            "http:../../../../etc/passwd",
            "http:samples/providers/fake-person-api.json",
            "http:providers/fakeperson.json",
            "/etc/passwd",
            "../../../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "https://evil.example/provider.json",
            "http://127.0.0.1:9/p.json",
            "file:///etc/passwd",
            "fakeperson.json",
            "providers/fakeperson.json",
            "normalize:US",
            "normal\0ize",
            "normalize,,email",
            "normalize,",
            ",normalize",
            "geocode",
            "FAKE_PERSON_API_KEY",
            "$(id)",
            "normalize;email",
            "normalize,normalize",
            "fakeperson,FakePerson",
            string.Join(',', Enumerable.Repeat("normalize", 700)),
            string.Join(',', ["normalize", "email", "fakeperson", .. Enumerable.Range(1, 14).Select(i => $"p{i}")]),
            new string('a', 5_000),
        ];
        return lists.Select(list => new TestCaseData(list).SetName($"Jobs_RefusesProviders({Label(list)})"));
    }

    public static IEnumerable<TestCaseData> HostileUploadBodies()
    {
        string[] bodies =
        [
            """{"fileName":"a.csv","size":10,"providers":["http:/etc/passwd"]}""",
            """{"fileName":"a.csv","size":10,"providers":["../../etc/passwd"]}""",
            """{"fileName":"a.csv","size":10,"providers":["https://evil.example/x.json"]}""",
            """{"fileName":"a.csv","size":10,"providers":["normalize","normalize"]}""",
            """{"fileName":"a.csv","size":10,"providers":[""]}""",
            """{"fileName":"a.csv","size":10,"providers":[null]}""",
            """{"fileName":"a.csv","size":10,"providers":["geocode"]}""",
            """{"fileName":"a.csv","size":10,"providers":"http:/etc/passwd"}""",
            "{\"fileName\":\"a.csv\",\"size\":10,\"providers\":[" + string.Join(',', Enumerable.Range(1, 17).Select(i => "\"normalize\"")) + "]}",
        ];
        return bodies.Select((body, i) => new TestCaseData(body).SetName($"Uploads_RefusesProviders({i + 1})"));
    }

    public static IEnumerable<TestCaseData> HostileShapes()
    {
        var wideCsv = "email," + string.Join(',', Enumerable.Range(1, 1_000).Select(i => $"c{i}")) + "\nann@acme.com\n";
        var longHeader = "email," + string.Join(',', Enumerable.Range(1, 10).Select(i => new string((char)('a' + i), 7_000))) + "\nann@acme.com\n";
        var keyPerLine = string.Concat(Enumerable.Range(1, 1_001).Select(i => $"{{\"email\":\"p{i}@acme.com\",\"k{i}\":1}}\n"));
        var wideObject = "[{\"email\":\"ann@acme.com\"," + string.Join(',', Enumerable.Range(1, 1_000).Select(i => $"\"k{i}\":{i}")) + "}]";
        var longKeys = string.Concat(Enumerable.Range(1, 100).Select(i => $"{{\"email\":\"p{i}@acme.com\",\"{new string('k', 700)}{i}\":1}}\n"));
        var utf16 = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
        var utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
        yield return Shape("CsvOver1000Columns", "text/csv", Encoding.UTF8.GetBytes(wideCsv), "1,000 columns");
        yield return Shape("CsvHeaderOver64KiB", "text/csv", Encoding.UTF8.GetBytes(longHeader), "64 KiB");
        yield return Shape("JsonLinesNewKeyPerLine", "application/x-ndjson", Encoding.UTF8.GetBytes(keyPerLine), "1,000 columns");
        yield return Shape("JsonObjectOver1000Keys", "application/json", Encoding.UTF8.GetBytes(wideObject), "1,000 columns");
        yield return Shape("JsonLinesKeysOver64KiB", "application/x-ndjson", Encoding.UTF8.GetBytes(longKeys), "64 KiB");
        yield return Shape("Utf16LeCsvWithoutBom", "text/csv", utf16.GetBytes(Csv), "UTF-16");
        yield return Shape("Utf16BeCsvWithoutBom", "text/csv", utf16Be.GetBytes(Csv), "UTF-16");
        yield return Shape("Utf16JsonWithBom", "application/json", [0xFF, 0xFE, .. utf16.GetBytes("[{\"email\":\"ann@acme.com\"}]")], "UTF-16");
        yield return Shape("Utf16JsonLinesWithoutBom", "application/x-ndjson", utf16.GetBytes("{\"email\":\"ann@acme.com\"}\n"), "UTF-16");
        yield return Shape("InvalidUtf8InJsonString", "application/json", [.. "[{\"email\":\"a"u8, 0xFF, 0xFE, .. "@acme.com\"}]"u8], "UTF-8");
        yield return Shape("InvalidUtf8InJsonLinesKey", "application/x-ndjson", [.. "{\"em"u8, 0xC3, .. "ail\":\"a@acme.com\"}\n"u8], "UTF-8");
        yield return Shape("InvalidUtf8InCsv", "text/csv", [.. "email\nann"u8, 0xFF, .. "@acme.com\n"u8], "UTF-8");

        static TestCaseData Shape(string name, string contentType, byte[] body, string reason) =>
            new TestCaseData(contentType, body, reason).SetName($"Jobs_RefusesShape({name})");
    }

    public static IEnumerable<TestCaseData> HostileSingleContacts()
    {
        yield return new TestCaseData(Array.Empty<byte>().Concat("{\"email\":\"a"u8.ToArray()).Concat(new byte[] { 0xFF }).Concat("@acme.com\"}"u8.ToArray()).ToArray(), null)
            .SetName("Enrich_RefusesInvalidUtf8InAString");
        yield return new TestCaseData(Array.Empty<byte>().Concat("{\"e"u8.ToArray()).Concat(new byte[] { 0xED, 0xA0, 0x80 }).Concat("\":\"a@acme.com\"}"u8.ToArray()).ToArray(), null)
            .SetName("Enrich_RefusesASurrogateEncodedAsUtf8InAKey");
        yield return new TestCaseData("{\"email\":\"ann@acme.com\"}"u8.ToArray(), "http:/etc/passwd").SetName("Enrich_RefusesAPathAsProvider");
        yield return new TestCaseData("{\"email\":\"ann@acme.com\"}"u8.ToArray(), "fakeperson").SetName("Enrich_RefusesAnExternalProvider");
        yield return new TestCaseData("{\"email\":\"ann@acme.com\"}"u8.ToArray(), "normalize,normalize").SetName("Enrich_RefusesARepeatedProvider");
        yield return new TestCaseData("{\"email\":\"ann@acme.com\"}"u8.ToArray(), "https://evil.example/p.json").SetName("Enrich_RefusesAUrlAsProvider");
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        _listener = new LoopbackCounter();
        _data = _temp.File("data");
        var providers = _temp.File("providers");
        Directory.CreateDirectory(providers);
        // The one offered http provider points at a closed port: no test here may make it call.
        await File.WriteAllTextAsync(Path.Combine(providers, "fakeperson.json"), Definition("fakeperson", new Uri("http://127.0.0.1:9/")));
        var port = HostProcess.FreePort();
        _host = HostProcess.Start(
            new Dictionary<string, string?> { ["FAKE_PERSON_API_KEY"] = Secret },
            "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", _data, "--provider-dir", providers, "--workers", "1");
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _http = ServeHttp.Client(port, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _listener.DisposeAsync();
        _temp.Dispose();
    }

    [TestCaseSource(nameof(HostileProviderLists))]
    public async Task Jobs_RefusesAnythingButOfferedNames(string list)
    {
        var before = Snapshot();

        // Commas stay literal (as clients send them), so 700 names fit Kestrel's request line.
        var query = Uri.EscapeDataString(list).Replace("%2C", ",", StringComparison.Ordinal);
        var response = await _http.PostAsync($"/jobs?providers={query}", new StringContent(Csv, Encoding.UTF8, "text/csv"));

        var error = await AssertRefusedAsync(response, 400, before);
        // The offer is named (the list grows as built-in providers are added); the request's text is not echoed.
        Assert.That(error, Does.Match("offered providers: [a-z, ]*fakeperson").Or.Contain("named twice"));
    }

    [TestCaseSource(nameof(HostileUploadBodies))]
    public async Task Uploads_RefusesAnythingButOfferedNames(string body)
    {
        var before = Snapshot();

        var response = await _http.PostAsync("/jobs/uploads", new StringContent(body, Encoding.UTF8, "application/json"));

        var error = await AssertRefusedAsync(response, 400, before);
        Assert.That(error, Does.Contain("offered providers").Or.Contain("named twice").Or.Contain("list of provider names"));
    }

    [Test]
    public async Task Uploads_RefusesAPathInTheProvidersQuery()
    {
        var before = Snapshot();

        var response = await _http.PostAsync($"/jobs/uploads?fileName=a.csv&size=10&providers={Uri.EscapeDataString("http:/etc/passwd")}", null);

        Assert.That(await AssertRefusedAsync(response, 400, before), Does.Contain("offered providers"));
    }

    [Test]
    public async Task Uploads_RefusesInvalidUtf8InTheBody()
    {
        var before = Snapshot();
        var content = new ByteArrayContent([.. "{\"fileName\":\"a"u8, 0xFF, .. ".csv\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _http.PostAsync("/jobs/uploads", content);

        Assert.That(await AssertRefusedAsync(response, 400, before), Does.Contain("UTF-8"));
    }

    [TestCaseSource(nameof(HostileShapes))]
    public async Task Jobs_RefusesAListOfAHostileShape(string contentType, byte[] body, string reason)
    {
        var before = Snapshot();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await _http.PostAsync("/jobs", content);

        Assert.That(await AssertRefusedAsync(response, 400, before), Does.Contain(reason));
    }

    [TestCaseSource(nameof(HostileSingleContacts))]
    public async Task Enrich_RefusesHostileInput(byte[] body, string? providers)
    {
        var before = Snapshot();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var query = providers is null ? string.Empty : $"?providers={Uri.EscapeDataString(providers)}";

        var response = await _http.PostAsync("/enrich" + query, content);

        await AssertRefusedAsync(response, 400, before);
    }

    [Test]
    public async Task Jobs_DecodesAUtf16CsvWithABom()
    {
        var content = new ByteArrayContent(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Csv)).ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        var response = await _http.PostAsync("/jobs", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var status = await JobPolling.WaitForFinishAsync(_http, (await JobPolling.ReadJsonAsync(response)).GetProperty("statusUrl").GetString()!);
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(status.GetProperty("records").GetProperty("ok").GetInt64(), Is.EqualTo(1));
    }

    /// <summary>
    /// The attack of issue 10: a definition planted through the product's own signed upload, pointing
    /// at a listener with the host's key, named every way a request can name something. Nothing may
    /// reach the listener.
    /// </summary>
    [Test]
    public async Task PlantedDefinition_CannotBeNamedByAnyRequest_AndNothingReachesItsEndpoint()
    {
        // The counter counts: one connection of our own is seen before the attack starts.
        using (var own = new System.Net.Sockets.TcpClient())
        {
            await own.ConnectAsync(_listener.BaseUrl.Host, _listener.BaseUrl.Port);
        }

        for (var i = 0; i < 100 && _listener.Connections == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(_listener.Connections, Is.EqualTo(1), "the listener counts connections");
        var definition = Encoding.UTF8.GetBytes(Definition("exfil", _listener.BaseUrl));
        var reserve = await _http.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"exfil.json\",\"size\":{definition.Length}}}", Encoding.UTF8, "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reserve.Content.ReadAsStringAsync());
        var upload = await JobPolling.ReadJsonAsync(reserve);
        var planted = new ByteArrayContent(definition);
        planted.Headers.ContentType = new MediaTypeHeaderValue(upload.GetProperty("contentType").GetString()!);
        var put = await _http.PutAsync(new Uri(upload.GetProperty("uploadUrl").GetString()!), planted);
        Assert.That(put.IsSuccessStatusCode, Is.True, "the definition was planted in the object store");
        var path = Directory.EnumerateFiles(Path.Combine(_data, "objects"), "exfil.json", SearchOption.AllDirectories).Single();
        var relative = Path.GetRelativePath(_data, path);
        string[] names =
        [
            $"http:{path}", path, $"http:{relative}", relative, $"http:objects/{Path.GetFileName(path)}", "http:exfil.json", "exfil",
            $"http:file://{path}", $"http:{Path.GetRelativePath(Path.GetTempPath(), path)}", $"normalize,email,http:{path}",
        ];

        var answers = new List<(string Route, HttpStatusCode Status, string Body)>();
        foreach (var name in names)
        {
            var escaped = Uri.EscapeDataString(name);
            var job = await _http.PostAsync($"/jobs?providers={escaped}", new StringContent(Csv, Encoding.UTF8, "text/csv"));
            answers.Add(("jobs", job.StatusCode, await job.Content.ReadAsStringAsync()));
            var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["fileName"] = "a.csv", ["size"] = 10, ["providers"] = name.Split(',') });
            var uploads = await _http.PostAsync("/jobs/uploads", new StringContent(body, Encoding.UTF8, "application/json"));
            answers.Add(("uploads", uploads.StatusCode, await uploads.Content.ReadAsStringAsync()));
            var one = await _http.PostAsync($"/enrich?providers={escaped}", new StringContent("{\"email\":\"ann@acme.com\"}", Encoding.UTF8, "application/json"));
            answers.Add(("enrich", one.StatusCode, await one.Content.ReadAsStringAsync()));
        }

        // A job that does run, so a worker has had its chance to call anything it was given.
        var legit = await _http.PostAsync("/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        var finished = await JobPolling.WaitForFinishAsync(_http, (await JobPolling.ReadJsonAsync(legit)).GetProperty("statusUrl").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Has.All.EqualTo(HttpStatusCode.BadRequest), string.Join("\n", answers));
            Assert.That(answers.Select(a => a.Body), Has.None.Contains(_data).And.None.Contains(Secret).And.None.Contains(_listener.BaseUrl.Authority));
            Assert.That(finished.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(_listener.Connections, Is.EqualTo(1), "no request reached the planted endpoint (only our own probe)");
            Assert.That(_host.StandardOutput + _host.StandardError, Does.Not.Contain(Secret));
        });
    }

    private static string Label(string list) =>
        list.Length > 40 ? $"{list[..20]}…({list.Length} chars)" : list.Replace("\0", "\\0", StringComparison.Ordinal);

    private static string Definition(string name, Uri endpoint) => $$"""
        {
          "name": "{{name}}",
          "endpoint": "{{endpoint}}v1/person",
          "request": { "email": "Email" },
          "response": { "job_title": { "path": "employment.title" } },
          "auth": { "header": "X-Api-Key", "environmentVariable": "FAKE_PERSON_API_KEY" }
        }
        """;

    private (long Jobs, int Objects) Snapshot() => (DataDirectoryProbe.Jobs(_data), DataDirectoryProbe.Objects(_data));

    /// <summary>The refusal is a JSON error of the expected status, free of paths and exception text, and nothing was left behind.</summary>
    private async Task<string> AssertRefusedAsync(HttpResponseMessage response, int status, (long Jobs, int Objects) before)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(error, Has.Length.GreaterThan(10));
            Assert.That(error, Does.Not.Contain("/etc").And.Not.Contain("passwd").And.Not.Contain("root:"));
            Assert.That(error, Does.Not.Contain(_temp.Path).And.Not.Contain(Path.GetTempPath()).And.Not.Contain(Environment.CurrentDirectory));
            Assert.That(error, Does.Not.Contain("Exception").And.Not.Contain("   at ").And.Not.Contain("(Parameter"));
            Assert.That(Snapshot(), Is.EqualTo(before), "no job and no object appeared");
        });
        return error;
    }
}
