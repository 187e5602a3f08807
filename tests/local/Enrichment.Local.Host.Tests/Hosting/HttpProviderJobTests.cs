using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.FakePersonApi;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>
/// A paid provider in real jobs, end to end: `serve` over real HTTP, the fake person API on
/// loopback, requests counted at the fake.
/// </summary>
[NonParallelizable]
public sealed class HttpProviderJobTests
{
    private const string ApiKey = "test-key-7f3a";
    private const int Contacts = 50;
    private TempDirectory _temp = null!;
    private FakePersonApiServer _api = null!;
    private HostProcess _host = null!;
    private HttpClient _http = null!;
    private string _definitions = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        _api = await FakePersonApiServer.StartAsync();
        _api.State.RequiredApiKey = ApiKey;
        // The host offers the provider by --provider-dir; requests name it only.
        _definitions = _temp.File("providers");
        Directory.CreateDirectory(_definitions);
        await File.WriteAllTextAsync(Path.Combine(_definitions, "fakeperson.json"), FakePersonDefinition.Json(_api.BaseUrl));
        var port = HostProcess.FreePort();
        _host = HostProcess.Start(
            new Dictionary<string, string?> { ["FAKE_PERSON_API_KEY"] = ApiKey },
            "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", _temp.File("data"), "--batch-size", "10", "--workers", "1", "--provider-dir", _definitions);
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _http = ServeHttp.Client(port, TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _api.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task ProviderDownForPartOfTheRun_JobCompletesWithThoseRecordsMarked_AndRetryFixesExactlyThem()
    {
        _api.State.Reset();
        _api.State.Latency = TimeSpan.Zero;
        // Two calls of ten records each fail on both attempts (one try and one retry), then it is back.
        _api.State.EnqueueFaults(FakeFault.ServerError, 4);
        const string providers = "normalize,email,fakeperson";
        var accepted = await _http.PostAsync($"/jobs?providers={providers}", new StringContent(Csv(), Encoding.UTF8, "text/csv"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var statusUrl = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!;

        var first = await JobPolling.WaitForFinishAsync(_http, statusUrl);
        var firstRows = await DownloadAsync(first);
        var marked = firstRows.Where(r => r.Status == "error").ToList();
        var requestsBeforeRetry = _api.State.RequestCount;

        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("completed_with_errors"));
        Assert.That(first.GetProperty("records").GetProperty("error").GetInt64(), Is.EqualTo(20));
        Assert.That(marked, Has.Count.EqualTo(20));
        Assert.That(marked, Has.All.Matches<Row>(r => r.Errors.StartsWith("provider_unavailable: fakeperson", StringComparison.Ordinal)));
        Assert.That(firstRows.Where(r => r.Status != "error"), Has.All.Matches<Row>(r => r.Errors.Length == 0));
        Assert.That(requestsBeforeRetry, Is.EqualTo(7), "3 good calls and 2 failed calls of 2 attempts each");

        var retry = await _http.PostAsync(new Uri(statusUrl + "/retry", UriKind.RelativeOrAbsolute), null);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
        var second = await JobPolling.WaitForFinishAsync(_http, statusUrl);
        var secondRows = await DownloadAsync(second);
        var retried = _api.State.Requests.Skip(requestsBeforeRetry).ToList();
        var resentEmails = retried.SelectMany(r => r.Emails).Order(StringComparer.Ordinal).ToList();

        Assert.That(second.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(second.GetProperty("records").GetProperty("error").GetInt64(), Is.Zero);
        Assert.That(resentEmails, Is.EqualTo(marked.Select(r => r.Email).Order(StringComparer.Ordinal).ToList()), "only the marked records are sent again");
        Assert.That(secondRows.Select(r => r.Status), Has.All.Not.EqualTo("error"));
        Assert.That(
            secondRows.Where(r => marked.All(m => m.Email != r.Email)).Select(r => r.Line),
            Is.EqualTo(firstRows.Where(r => r.Status != "error").Select(r => r.Line)),
            "records that were fine are left exactly as they were");
        var usage = second.GetProperty("providers")[0];
        Assert.That(usage.GetProperty("provider").GetString(), Is.EqualTo("fakeperson"));
        Assert.That(usage.GetProperty("calls").GetInt64(), Is.EqualTo(requestsBeforeRetry + retried.Count), "every request the fake saw is counted");
        Assert.That(usage.GetProperty("sent").GetInt64(), Is.EqualTo(Contacts + marked.Count), "each lookup of the first run, then the re-sent ones");
        Assert.That(_host.StandardOutput + _host.StandardError, Does.Not.Contain(ApiKey).And.Not.Contain("person1@"));
    }

    [Test]
    public async Task SameEmailInManyBatches_IsSentOnceAndTheAnswerReused()
    {
        _api.State.Reset();
        _api.State.Latency = TimeSpan.Zero;
        // Ten distinct people, each five times, spelled differently, spread over five batches.
        var csv = Csv(i => $"{(i % 2 == 0 ? " Person" : "person")}{(i % 10) + 1}@ACME.com");
        const string providers = "normalize,email,fakeperson";
        var accepted = await _http.PostAsync($"/jobs?providers={providers}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());

        var status = await JobPolling.WaitForFinishAsync(_http, (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!);
        var rows = await DownloadAsync(status);
        var sent = _api.State.Requests.SelectMany(r => r.Emails).ToList();
        var usage = status.GetProperty("providers")[0];

        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(sent, Has.Count.EqualTo(10).And.Unique, "each normalized email is sent once per job");
        Assert.That(sent, Has.All.Matches<string>(e => e.StartsWith("person", StringComparison.Ordinal) && e.EndsWith("@acme.com", StringComparison.Ordinal)), "emails go out normalized");
        Assert.That(usage.GetProperty("sent").GetInt64(), Is.EqualTo(10));
        Assert.That(usage.GetProperty("reused").GetInt64(), Is.EqualTo(Contacts - 10));
        var titles = rows.GroupBy(r => r.Email.Trim().ToLowerInvariant()).Select(g => g.Select(r => r.Title).Distinct().Count());
        Assert.That(titles, Has.All.EqualTo(1), "every copy gets the same answer");
        Assert.That(rows.Count(r => r.Title.Length > 0), Is.GreaterThan(0));
    }

    private static string Csv(Func<int, string>? email = null)
    {
        var text = new StringBuilder("email,first_name,last_name,company\n");
        for (var i = 1; i <= Contacts; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{email?.Invoke(i) ?? $"person{i}@acme.com"},Ann,Smith,Acme\n");
        }

        return text.ToString();
    }

    private async Task<List<Row>> DownloadAsync(JsonElement status)
    {
        using var plain = new HttpClient();
        var text = await plain.GetStringAsync(new Uri(status.GetProperty("downloadUrl").GetString()!));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var email = Array.IndexOf(header, "email");
        var state = Array.IndexOf(header, "record_status");
        var errors = Array.IndexOf(header, "record_errors");
        var title = Array.IndexOf(header, "fakeperson_job_title");
        return [.. lines.Skip(1).Select(line =>
        {
            // No value in this list holds a comma, so a plain split is exact here.
            var cells = line.Split(',');
            return new Row(line, cells[email], cells[state], cells[errors], cells[title]);
        })];
    }

    private sealed record Row(string Line, string Email, string Status, string Errors, string Title);
}
