using System.Text.Json;
using Enrichment.Core.Jobs;
using Enrichment.Core.Serialization;
using Enrichment.Core.Services;

namespace Enrichment.Functions.Tests.Api;

/// <summary>
/// The check every API test passes through (<see cref="ApiHarness"/>) must catch what breaks the
/// document: an unlisted status, a missing or extra field, a wrong type or format, an unlisted media
/// type, and answers to undocumented paths and methods other than 404 and 405.
/// </summary>
public sealed class OpenApiContractTests
{
    private const string Json = "application/json; charset=utf-8";
    private const string Accepted = """{"jobId":"j1","status":"processing","statusUrl":"https://api.example.com/jobs/j1"}""";

    private static IReadOnlyList<string> Check(string method, string path, int status, string? contentType, string? body) =>
        ApiHarness.Contract.Check(method, path, status, contentType, body);

    [Test]
    public void Contract_AcceptsADocumentedAnswer()
    {
        Assert.That(Check("POST", "/jobs", 202, Json, Accepted), Is.Empty);
    }

    [Test]
    public void Contract_RefusesAStatusTheOperationDoesNotList()
    {
        Assert.That(Check("POST", "/jobs", 204, null, null), Has.One.Contains("does not list status 204"));
    }

    [TestCase("""{"jobId":"j1","status":"processing"}""", "statusUrl")]
    [TestCase("""{"jobId":"j1","status":"processing","statusUrl":"/jobs/j1","extra":1}""", "extra")]
    [TestCase("""{"jobId":"j1","status":"paused","statusUrl":"/jobs/j1"}""", "status")]
    [TestCase("""{"jobId":1,"status":"processing","statusUrl":"/jobs/j1"}""", "jobId")]
    public void Contract_RefusesABodyOffTheSchema(string body, string culprit)
    {
        Assert.That(Check("POST", "/jobs", 202, Json, body), Is.Not.Empty.And.Some.Contains(culprit));
    }

    [Test]
    public void Contract_ChecksFormats()
    {
        const string Status = """
            {"jobId":"j1","status":"processing","createdAt":"yesterday","updatedAt":"2026-12-06T08:00:00+00:00",
             "records":{"total":1,"processed":0,"ok":0,"invalid":0,"error":0},"batches":{"total":1,"done":0,"failed":0},
             "progress":0,"outputFormat":"csv","attempt":0}
            """;

        Assert.That(Check("GET", "/jobs/j1", 200, Json, Status), Is.Not.Empty.And.Some.Contains("createdAt"));
        Assert.That(Check("GET", "/jobs/j1", 200, Json, Status.Replace("yesterday", "2026-12-06T08:00:00.1234567+00:00", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Contract_RefusesAMediaTypeTheResponseDoesNotList()
    {
        Assert.That(Check("POST", "/jobs", 202, "text/plain", "accepted"), Has.One.Contains("media type 'text/plain'"));
    }

    [Test]
    public void Contract_WantsA404ForAnUndocumentedPath()
    {
        Assert.That(Check("GET", "/admin", 404, Json, """{"error":"no route for /admin"}"""), Is.Empty);
        Assert.That(Check("GET", "/admin", 200, Json, "{}"), Has.One.Contains("must answer 404"));
    }

    [Test]
    public void Contract_WantsA405ForAnUndocumentedMethodOnADocumentedPath()
    {
        Assert.That(Check("DELETE", "/jobs/j1", 405, Json, """{"error":"DELETE is not allowed on /jobs/j1"}"""), Is.Empty);
        Assert.That(Check("DELETE", "/jobs/j1", 200, Json, "{}"), Has.One.Contains("must answer 405"));
    }

    [Test]
    public void Contract_PrefersTheLiteralPathOverATemplate()
    {
        Assert.That(Check("POST", "/jobs/uploads", 202, Json, Accepted), Has.One.Contains("POST /jobs/uploads does not list status 202"));
    }

    /// <summary>
    /// Fields the API tests seldom fill (a webhook, issues, provider statistics, a failure): the
    /// records as the API serializes them, every optional field set, must keep the document too.
    /// </summary>
    [Test]
    public void Contract_AcceptsTheSerializedRecordsWithEveryOptionalFieldSet()
    {
        var at = new DateTimeOffset(2026, 12, 6, 8, 0, 0, 123, TimeSpan.Zero);
        var providers = new[] { new ProviderStatistics("fakeperson", 2, 10, 1, 3, 8, 0.7273, [new FieldStatistics("job_title", 8, 0.7273)]) };
        var status = new JobStatusView(
            "j1", "completed_with_errors", at, at, at, new RecordCounters(3, 3, 1, 1, 1), new BatchCounters(2, 2, 1), 1,
            "xlsx", "https://bucket.example.com/out.xlsx?sig=x", at, "batch 1 failed", [1], 1, providers, new WebhookStatusView("delivered", 2, 200, at));
        var summary = new JobSummary(
            "j1", "completed_with_errors", 1, 3, 1, 1, 1, 0, 2, [new FailedBatchSummary(1, 1, "timeout")], ["email", "record_status"], at, at,
            providers, [new RecordIssue(2, "invalid", "email: no @"), new RecordIssue(3, "error", null)]);
        var upload = new UploadResponse("j1", "accepted", "https://bucket.example.com/in.csv?sig=x", "PUT", "text/csv", at, "https://api.example.com/jobs/j1", 42);

        Assert.Multiple(() =>
        {
            Assert.That(Check("GET", "/jobs/j1", 200, Json, JsonSerializer.Serialize(status, EnrichmentJsonContext.Default.JobStatusView)), Is.Empty);
            Assert.That(Check("GET", "/jobs/j1/summary", 200, Json, JsonSerializer.Serialize(summary, EnrichmentJsonContext.Default.JobSummary)), Is.Empty);
            Assert.That(Check("POST", "/jobs/uploads", 201, Json, JsonSerializer.Serialize(upload, EnrichmentJsonContext.Default.UploadResponse)), Is.Empty);
        });
    }
}
