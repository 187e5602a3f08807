using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enrichment.Local.Host.Tests.Security;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>
/// POST /jobs?dryRun=true over real HTTP against `serve`: an estimate, the same refusals as a job, and
/// nothing left behind; and an upload reserved with dryRun, estimated on arrival, never run, and deleted.
/// </summary>
[NonParallelizable]
public sealed class ServeEstimateTests
{
    private TempDirectory _temp = null!;
    private HostProcess _host = null!;
    private HttpClient _http = null!;

    private string DataDirectory => _temp.File("data");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        var port = HostProcess.FreePort();
        _host = HostProcess.Start("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory);
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _http = ServeHttp.Client(port, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType)> PostAsync(string query, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await _http.PostAsync("/jobs" + query, content);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
    }

    private static string List(int count)
    {
        var text = new StringBuilder("email,first name,company\n");
        for (var i = 0; i < count; i++)
        {
            // Every email twice: the estimate counts it once.
            text.Append(CultureInfo.InvariantCulture, $"person{i / 2}@acme.com,Ann,Acme\n");
        }

        return text.ToString();
    }

    [Test]
    public async Task PostJobsDryRun_Answers200WithTheEstimate_AndMakesNoJobNorObject()
    {
        var jobsBefore = DataDirectoryProbe.Jobs(DataDirectory);
        var (status, body, _) = await PostAsync("?dryRun=true", List(250));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("dryRun").GetBoolean(), Is.True);
            Assert.That(body.GetProperty("records").GetInt64(), Is.EqualTo(250));
            Assert.That(body.GetProperty("batches").GetInt32(), Is.EqualTo(3));
            Assert.That(body.GetProperty("distinctEmails").GetInt64(), Is.EqualTo(125));
            Assert.That(body.GetProperty("cost").GetProperty("awsUsd").GetDecimal(), Is.GreaterThan(0m));
            Assert.That(body.GetProperty("cost").GetProperty("aws").GetArrayLength(), Is.EqualTo(10));
            Assert.That(body.TryGetProperty("jobId", out _), Is.False);
        });
        Assert.That(DataDirectoryProbe.Jobs(DataDirectory), Is.EqualTo(jobsBefore), "no job made");
        Assert.That(DataDirectoryProbe.Objects(DataDirectory), Is.Zero);
    }

    [Test]
    public async Task PostJobsDryRun_BadList_AnswersTheJobsOwnJson400_AndLeavesNothing()
    {
        var jobsBefore = DataDirectoryProbe.Jobs(DataDirectory);
        var (status, body, contentType) = await PostAsync("?dryRun=true", "email,name\n\"a@b.com,Ann\nb@c.com,Bob\n");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(contentType, Is.EqualTo("application/json"));
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("line 2"));
        Assert.That(DataDirectoryProbe.Jobs(DataDirectory), Is.EqualTo(jobsBefore), "no job made");
        Assert.That(DataDirectoryProbe.Objects(DataDirectory), Is.Zero);
    }

    [Test]
    public async Task PostJobsDryRun_NoContactColumns_Answers400LikeAJob()
    {
        var jobsBefore = DataDirectoryProbe.Jobs(DataDirectory);
        var (status, body, _) = await PostAsync("?dryRun=true", "colour,size\nred,9\n");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("no header row"));
        Assert.That(DataDirectoryProbe.Jobs(DataDirectory), Is.EqualTo(jobsBefore), "no job made");
    }

    [Test]
    public async Task PostJobsDryRun_NeitherTrueNorFalse_Is400()
    {
        var jobsBefore = DataDirectoryProbe.Jobs(DataDirectory);
        var (status, body, _) = await PostAsync("?dryRun=yes", List(2));

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("dryRun"));
        Assert.That(DataDirectoryProbe.Jobs(DataDirectory), Is.EqualTo(jobsBefore), "no job made");
    }

    [Test]
    public async Task UploadDryRun_EndsCompletedWithTheEstimateOfTheSameList_AndTheUploadIsDeleted()
    {
        var list = new StringBuilder("email,first name,company\n");
        for (var i = 0; i < 250; i++)
        {
            list.Append(CultureInfo.InvariantCulture, $"person{i / 2}@acme.com,Ann,Acme\n");
        }

        var text = list.ToString();
        using var reserve = await _http.PostAsync(
            "/jobs/uploads",
            new StringContent($"{{\"fileName\":\"list.csv\",\"size\":{Encoding.UTF8.GetByteCount(text)},\"dryRun\":true}}", Encoding.UTF8, "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reserve.Content.ReadAsStringAsync());
        var upload = await JobPolling.ReadJsonAsync(reserve);
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(upload.GetProperty("contentType").GetString()!);

        using var put = await _http.PutAsync(new Uri(upload.GetProperty("uploadUrl").GetString()!), content);
        var status = await JobPolling.WaitForFinishAsync(_http, upload.GetProperty("statusUrl").GetString()!);
        var inline = new StringContent(text, Encoding.UTF8);
        inline.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var estimated = await _http.PostAsync("/jobs?dryRun=true", inline);
        var expected = await JobPolling.ReadJsonAsync(estimated);

        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(status.TryGetProperty("downloadUrl", out var url) && url.ValueKind != System.Text.Json.JsonValueKind.Null, Is.False, "an estimate has no output");
            Assert.That(status.GetProperty("estimate").GetRawText(), Is.EqualTo(expected.GetRawText()), "the estimate of POST /jobs?dryRun=true for the same list");
            Assert.That(status.GetProperty("estimate").GetProperty("records").GetInt64(), Is.EqualTo(250));
            Assert.That(status.GetProperty("batches").GetProperty("done").GetInt32(), Is.Zero, "no batch ran");
        });
        Assert.That(DataDirectoryProbe.Objects(DataDirectory), Is.Zero, "the upload is deleted and nothing else was written");
    }
}
