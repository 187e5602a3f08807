using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Core.Input;
using Enrichment.Testing.Contacts;
using Enrichment.Testing.Dns;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>
/// `serve` answering issue 14's columns over real HTTP, POST /enrich and a job alike, with the mx
/// provider asking a real dnsmasq named by ENRICHMENT_DNS_SERVER (the deployment's setting).
/// </summary>
[NonParallelizable]
public sealed class ServeVerdictColumnsTests
{
    private Dnsmasq _dns = null!;
    private TempDirectory _temp = null!;
    private HostProcess _host = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _dns = await Dnsmasq.StartAsync();
        _temp = new TempDirectory();
        var port = HostProcess.FreePort();
        _host = HostProcess.Start(
            new Dictionary<string, string?> { ["ENRICHMENT_DNS_SERVER"] = _dns.Endpoint.ToString() },
            "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", _temp.File("data"));
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _http = ServeHttp.Client(port, TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _temp.Dispose();
        await _dns.DisposeAsync();
    }

    [Test]
    public async Task PostEnrich_WithMx_AnswersTheVerdictAndEnrichmentColumns()
    {
        const string Contact = """{"Name":"Dr. Bob Smith Jr.","Email":"Bob.Smith@mx.example.com","Phone":"+49 151 12345678","Country":"DE","Company":"ACME GmbH"}""";

        var response = await _http.PostAsync("/enrich?providers=normalize,email,mx", new StringContent(Contact, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await JobPolling.ReadJsonAsync(response);
        Assert.That(VerdictContacts.MismatchesOfFirst(column => body.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null), Is.Empty);
    }

    [Test]
    public async Task PostEnrich_WithoutMx_KeepsTheOfflineVerdict()
    {
        var response = await _http.PostAsync("/enrich", new StringContent("""{"Email":"jane@missing.example.com"}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await JobPolling.ReadJsonAsync(response);
        Assert.That(body.GetProperty("email_status").GetString(), Is.EqualTo("unknown"));
        Assert.That(body.GetProperty("email_reason").GetString(), Is.EqualTo("unverified"));
    }

    [Test]
    public async Task PostEnrich_WithMxBeforeEmail_Is400SayingWhy()
    {
        var response = await _http.PostAsync("/enrich?providers=mx,email", new StringContent("""{"Email":"jane@mx.example.com"}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var body = await JobPolling.ReadJsonAsync(response);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("'mx' refines the verdict of 'email' and must come after it"));
    }

    [Test]
    public async Task Job_WithMx_WritesTheColumnsForEveryRow()
    {
        var accepted = await _http.PostAsync("/jobs?providers=normalize,email,mx", new StringContent(VerdictContacts.Csv, Encoding.UTF8, "text/csv"));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var statusUrl = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!;

        var status = await JobPolling.WaitForFinishAsync(_http, statusUrl);
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        var download = await _http.GetAsync(new Uri(status.GetProperty("downloadUrl").GetString()!));
        var path = _temp.File("job.csv");
        await File.WriteAllBytesAsync(path, await download.Content.ReadAsByteArrayAsync());

        var (columns, rows) = await OutputFiles.ReadAsync(path, InputFormat.Csv);
        Assert.That(VerdictContacts.Mismatches(columns, rows), Is.Empty);
    }
}
