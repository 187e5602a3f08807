using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>`serve` answering a real HTTP client on loopback, links included.</summary>
[NonParallelizable]
public sealed class ServeTests
{
    private const string Csv = "email,first name,phone,country\nann@acme.com,ANN,(415) 555-0100,USA\nbob@globex.io,bob,020 7946 0001,UK\nann@acme.com,Ann,,US\n";
    private TempDirectory _temp = null!;
    private HostProcess _host = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        var port = HostProcess.FreePort();
        _host = HostProcess.Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", _temp.File("data"));
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _http = ServeHttp.Client(port, TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task Serve_RunsAJobAndTheDownloadLinkWorksWithAPlainClient()
    {
        var accepted = await _http.PostAsync("/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var statusUrl = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!;

        var status = await JobPolling.WaitForFinishAsync(_http, statusUrl);
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        using var plain = new HttpClient();
        var download = await plain.GetAsync(new Uri(status.GetProperty("downloadUrl").GetString()!));

        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Does.EndWith("-enriched.csv"));
        var lines = (await download.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[1], Does.StartWith("ann@acme.com,ANN,(415) 555-0100,USA,ok,"));
        Assert.That(lines[1], Does.Contain("+14155550100"));
        var duplicateOf = Array.IndexOf(lines[0].Split(','), "duplicate_of");
        Assert.That(lines[3].Split(',')[duplicateOf], Is.EqualTo("1"), "the repeated email points at row 1");
    }

    [Test]
    public async Task Serve_RefusesATamperedOrExpiredLinkWith403()
    {
        var accepted = await _http.PostAsync("/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        var status = await JobPolling.WaitForFinishAsync(_http, (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!);
        var url = status.GetProperty("downloadUrl").GetString()!;

        var tampered = await _http.GetAsync(new Uri(url.Replace("enriched.csv", "summary.json", StringComparison.Ordinal)));
        var expired = await _http.GetAsync(new Uri(System.Text.RegularExpressions.Regex.Replace(url, "expires=[0-9]+", "expires=1000000000")));

        Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Serve_TakesABigListThroughAnUploadLink()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 300).Select(i => $"{{\"email\":\"p{i}@acme.com\",\"country\":\"DE\",\"phone\":\"030 1234567{i % 10}\"}}"));
        var reserve = await _http.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"list.jsonl\",\"size\":{Encoding.UTF8.GetByteCount(lines)}}}", Encoding.UTF8, "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await JobPolling.ReadJsonAsync(reserve);
        var content = new StringContent(lines, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(body.GetProperty("contentType").GetString()!);

        var put = await _http.PutAsync(new Uri(body.GetProperty("uploadUrl").GetString()!), content);
        var status = await JobPolling.WaitForFinishAsync(_http, body.GetProperty("statusUrl").GetString()!);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(status.GetProperty("records").GetProperty("total").GetInt64(), Is.EqualTo(300));
    }

    [Test]
    public async Task Serve_AnswersErrorsAsJsonWithTheRightStatus()
    {
        var bad = await _http.PostAsync("/jobs", new StringContent("email,name\n\"x@y.com,Ann\n", Encoding.UTF8, "text/csv"));
        var missing = await _http.GetAsync("/jobs/no-such-job");
        var health = await _http.GetAsync("/health");

        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JobPolling.ReadJsonAsync(bad)).GetProperty("error").GetString(), Does.Contain("line 2"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
    [Test]
    public async Task Serve_ListAtTheRealInlineMaximum_IsAccepted_OneByteMoreGetsTheJson413()
    {
        var limit = Enrichment.Core.Input.InlineBodyLimit.MaxBodyBytes;

        var (largest, tooLarge) = (InlineCsv(limit), InlineCsv(limit + 1));
        Assert.That((largest.LongLength, tooLarge.LongLength), Is.EqualTo((limit, limit + 1)));

        var atLimit = await _http.PostAsync("/jobs", Body(largest));
        var over = await _http.PostAsync("/jobs", Body(tooLarge));

        Assert.That(atLimit.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await atLimit.Content.ReadAsStringAsync());
        Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(over.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That((await JobPolling.ReadJsonAsync(over)).GetProperty("error").GetString(), Does.Contain("/jobs/uploads"));

        static ByteArrayContent Body(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            return content;
        }
    }

    /// <summary>A valid CSV list of exactly <paramref name="length"/> bytes: long rows, so few records.</summary>
    private static byte[] InlineCsv(long length)
    {
        const int Note = 4000;
        var text = new StringBuilder("email,note\n");
        var row = 0;
        while (length - text.Length > Note + 100)
        {
            text.Append('p').Append(row++).Append("@acme.com,").Append('x', Note).Append('\n');
        }

        var prefix = $"p{row}@acme.com,";
        var pad = (int)(length - text.Length - prefix.Length - 1);
        text.Append(prefix).Append('y', pad).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
