using System.Text;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Jobs;
using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

public sealed class ApiFunctionTests
{
    private const string Csv = "email,first name,phone,country\nann@acme.com,ann,+1 415 555 0100,US\nbob@globex.io,BOB,020 7946 0001,UK\n";

    [Test]
    public async Task PostJobs_AcceptsACsvAndAnswers202WithAStatusUrl()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
        var body = ApiHarness.Json(response);
        var jobId = body.GetProperty("jobId").GetString();
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("processing"));
        Assert.That(body.GetProperty("statusUrl").GetString(), Is.EqualTo($"https://api.example.com/jobs/{jobId}"));
        Assert.That(response.Headers!["location"], Is.EqualTo(body.GetProperty("statusUrl").GetString()));
        Assert.That(api.Pipeline.Queue.Sent, Has.Count.EqualTo(1));
    }

    [TestCase("application/json", "[{\"email\":\"a@acme.com\"}]")]
    [TestCase("application/x-ndjson", "{\"email\":\"a@acme.com\"}\n")]
    [TestCase("text/csv; charset=utf-8", "email\na@acme.com\n")]
    public async Task PostJobs_AcceptsEveryListFormat(string contentType, string body)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(body, contentType));

        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
    }

    [Test]
    public async Task PostJobs_AcceptsABase64Body()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBase64Body(Encoding.UTF8.GetBytes(Csv), "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
    }

    [Test]
    public async Task PostJobs_RejectsMalformedCsvWith400NamingTheLine()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody("email,name\na@b.com,\"Ann\n", "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain("line 2"));
        Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task PostJobs_RejectsAnUnsupportedContentTypeWith415()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody("<xml/>", "application/xml"));

        Assert.That(response.StatusCode, Is.EqualTo(415));
        Assert.That(ApiHarness.Error(response), Does.Contain("text/csv"));
    }

    [Test]
    public async Task PostJobs_RejectsAnEmptyBody()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(string.Empty, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain("empty"));
    }

    [Test]
    public async Task PostJobs_SendsOversizedBodiesToTheUploadRoute()
    {
        var api = new ApiHarness(new EnrichmentOptions { MaxInlineBodyBytes = 64 });

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(ApiHarness.Error(response), Does.Contain("/jobs/uploads"));
    }

    [Test]
    public async Task PostJobs_ListAtTheRealInlineMaximum_IsAccepted()
    {
        var api = new ApiHarness();

        var body = InlineCsv(InlineBodyLimit.MaxBodyBytes);

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBase64Body(body, "text/csv"));

        Assert.That(body.LongLength, Is.EqualTo(InlineBodyLimit.MaxBodyBytes));
        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
    }

    [Test]
    public async Task PostJobs_ListOneByteOverTheRealInlineMaximum_GetsTheJson413()
    {
        var api = new ApiHarness();

        var body = InlineCsv(InlineBodyLimit.MaxBodyBytes + 1);

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBase64Body(body, "text/csv"));

        Assert.That(body.LongLength, Is.EqualTo(InlineBodyLimit.MaxBodyBytes + 1));
        Assert.That(response.StatusCode, Is.EqualTo(413), response.Body);
        Assert.That(response.Headers!["content-type"], Does.StartWith("application/json"));
        Assert.That(ApiHarness.Error(response), Does.Contain("/jobs/uploads").And.Contain("4,620,288"));
    }

    [Test]
    public async Task PostJobs_ListWhoseEscapedTextCannotFitTheEvent_GetsTheJson413()
    {
        var api = new ApiHarness();
        // Under the byte maximum, but one newline in two: as a JSON string it is 1.5 times longer than 4.2 MB.
        var body = Encoding.UTF8.GetBytes("email\n" + string.Concat(Enumerable.Repeat("a\n", 2_100_000)));

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBase64Body(body, "text/csv"));

        Assert.That(body.LongLength, Is.LessThan(InlineBodyLimit.MaxBodyBytes));
        Assert.That(response.StatusCode, Is.EqualTo(413));
        Assert.That(ApiHarness.Error(response), Does.Contain("/jobs/uploads"));
    }

    /// <summary>A valid CSV list of exactly <paramref name="length"/> bytes: long rows, so few records.</summary>
    internal static byte[] InlineCsv(long length)
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

    [Test]
    public async Task PostJobs_RejectsAnUnknownOutputFormat()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("output", "xls").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain("xlsx"));
    }

    [Test]
    public async Task PostJobs_RejectsAnUnknownProvider()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("providers", "normalize,psychic").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain("psychic"));
    }

    [Test]
    public async Task PostJobs_WithTheSameIdempotencyKeyReturnsTheSameJob()
    {
        var api = new ApiHarness();
        var request = ApiRequestBuilder.Post("/jobs").WithHeader("Idempotency-Key", "k-42").WithBody(Csv, "text/csv");

        var first = ApiHarness.Json(await api.SendAsync(request));
        var second = ApiHarness.Json(await api.SendAsync(request));

        Assert.That(second.GetProperty("jobId").GetString(), Is.EqualTo(first.GetProperty("jobId").GetString()));
        Assert.That(api.Pipeline.Table.Jobs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PostProcess_IsAnAliasOfPostJobs()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/process").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
    }

    [Test]
    public async Task GetJob_ReportsProgressAndThenADownloadUrl()
    {
        var api = new ApiHarness();
        var jobId = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"))).GetProperty("jobId").GetString()!;

        var running = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}")));
        await api.Pipeline.DeliverAllAsync();
        await api.Pipeline.RunPollerAsync(jobId);
        var done = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}"));
        var doneBody = ApiHarness.Json(done);

        Assert.That(running.GetProperty("status").GetString(), Is.EqualTo("processing"));
        Assert.That(running.TryGetProperty("downloadUrl", out _), Is.False);
        Assert.That(done.StatusCode, Is.EqualTo(200));
        Assert.That(done.Headers!["cache-control"], Is.EqualTo("no-store"));
        Assert.That(doneBody.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(doneBody.GetProperty("records").GetProperty("ok").GetInt64() + doneBody.GetProperty("records").GetProperty("invalid").GetInt64(), Is.EqualTo(2));
        Assert.That(doneBody.GetProperty("downloadUrl").GetString(), Does.Contain("/output/0/enriched.csv"));
    }

    [Test]
    public async Task GetStatus_IsAnAliasOfGetJob()
    {
        var api = new ApiHarness();
        var jobId = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"))).GetProperty("jobId").GetString()!;

        var response = await api.SendAsync(ApiRequestBuilder.Get($"/status/{jobId}"));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(ApiHarness.Json(response).GetProperty("jobId").GetString(), Is.EqualTo(jobId));
    }

    [Test]
    public async Task GetJob_OfAnUnknownJobIs404()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Get("/jobs/does-not-exist"));

        Assert.That(response.StatusCode, Is.EqualTo(404));
        Assert.That(ApiHarness.Error(response), Does.Contain("does-not-exist"));
    }

    [Test]
    public async Task UnknownRoute_Is404AndWrongMethodIs405()
    {
        var api = new ApiHarness();

        var missing = await api.SendAsync(ApiRequestBuilder.Get("/nope"));
        var wrongMethod = await api.SendAsync(ApiRequestBuilder.Request("DELETE", "/jobs"));

        Assert.That(missing.StatusCode, Is.EqualTo(404));
        Assert.That(wrongMethod.StatusCode, Is.EqualTo(405));
    }

    [Test]
    public async Task Health_AndVersionAnswer()
    {
        var api = new ApiHarness();

        var health = await api.SendAsync(ApiRequestBuilder.Get("/health"));
        var version = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Get("/version")));

        Assert.That(ApiHarness.Json(health).GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(version.GetProperty("version").GetString(), Is.EqualTo("1.2.3"));
        Assert.That(version.GetProperty("gitCommit").GetString(), Is.EqualTo("abc1234"));
        Assert.That(version.GetProperty("buildTime").GetString(), Is.EqualTo("2026-11-23T00:00:00Z"));
    }

    [Test]
    public async Task NamedStage_PrefixIsStrippedFromRoutesAndKeptInLinks()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithStage("prod").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
        Assert.That(ApiHarness.Json(response).GetProperty("statusUrl").GetString(), Does.StartWith("https://api.example.com/prod/jobs/"));
    }

    [Test]
    public async Task Links_IgnoreForwardedHeaders_AndUseTheDomainApiGatewayMatched()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs")
            .WithHeader("x-forwarded-proto", "javascript")
            .WithHeader("x-forwarded-host", "evil.example")
            .WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
        Assert.That(response.Headers!["location"], Does.StartWith("https://api.example.com/jobs/"));
    }

    [Test]
    public async Task Links_UseTheConfiguredPublicUrl_WhateverTheRequestSays()
    {
        var api = new ApiHarness(new EnrichmentOptions { PublicBaseUrl = new Uri("https://enrich.example.org/v1/") });

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithHeader("host", "evil.example").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
        Assert.That(response.Headers!["location"], Does.StartWith("https://enrich.example.org/v1/jobs/"));
    }

    [Test]
    public async Task PostUploads_ReservesAJobAndReturnsAPutUrl()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithBody("{\"fileName\":\"big list.csv\",\"output\":\"jsonl\",\"size\":1234}", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(201), response.Body);
        var body = ApiHarness.Json(response);
        Assert.That(body.GetProperty("method").GetString(), Is.EqualTo("PUT"));
        Assert.That(body.GetProperty("contentType").GetString(), Is.EqualTo("text/csv"));
        Assert.That(body.GetProperty("uploadUrl").GetString(), Does.Contain("uploads/" + body.GetProperty("jobId").GetString() + "/big_list.csv"));
        var job = api.Pipeline.Table.Jobs.Single();
        Assert.That(job.State, Is.EqualTo(JobState.Accepted));
        Assert.That(job.OutputFormat, Is.EqualTo("jsonl"));
    }

    [Test]
    public async Task PostUploads_WithoutAFormatIs400()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain("format"));
    }

    [Test]
    public async Task PostUploads_WithABrokenBodyIs400()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithBody("{oops", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task PostRetry_OfAJobWithoutFailuresIs409()
    {
        var api = new ApiHarness();
        var jobId = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"))).GetProperty("jobId").GetString()!;
        await api.Pipeline.DeliverAllAsync();
        await api.Pipeline.RunPollerAsync(jobId);

        var response = await api.SendAsync(ApiRequestBuilder.Post($"/jobs/{jobId}/retry"));

        Assert.That(response.StatusCode, Is.EqualTo(409));
    }

    [Test]
    public async Task PostRetry_RedrivesFailedBatchesWith202()
    {
        var api = new ApiHarness();
        var jobId = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"))).GetProperty("jobId").GetString()!;
        await api.Pipeline.DeliverAllAsync(receiveCount: 5, fromDeadLetterQueue: true);
        await api.Pipeline.RunPollerAsync(jobId);

        var response = await api.SendAsync(ApiRequestBuilder.Post($"/jobs/{jobId}/retry"));

        Assert.That(response.StatusCode, Is.EqualTo(202));
        Assert.That(api.Pipeline.Queue.Sent.Single().Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task PostEnrich_AnswersOneContactAtOnce()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/enrich").WithBody("{\"Email\":\" Ann@Acme.COM \",\"phone\":\"(415) 555-0100\",\"country\":\"USA\"}", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(200), response.Body);
        var body = ApiHarness.Json(response);
        Assert.That(body.GetProperty("email_normalized").GetString(), Is.EqualTo("ann@acme.com"));
        Assert.That(body.GetProperty("phone_e164").GetString(), Is.EqualTo("+14155550100"));
        Assert.That(body.GetProperty("country_code").GetString(), Is.EqualTo("US"));
        Assert.That(body.GetProperty("email_status").GetString(), Is.EqualTo("unknown"));
        Assert.That(body.GetProperty("email_reason").GetString(), Is.EqualTo("unverified"));
        Assert.That(body.GetProperty("email_canonical").GetString(), Is.EqualTo("ann@acme.com"));
        Assert.That(body.TryGetProperty("duplicate_of", out _), Is.False);
        Assert.That(body.TryGetProperty("duplicate_phone_of", out _), Is.False);
    }

    [TestCase("not json", "not valid JSON")]
    [TestCase("[1,2]", "JSON object")]
    [TestCase("{\"favourite colour\":\"blue\"}", "no contact fields")]
    public async Task PostEnrich_RejectsABadBodyWith400(string body, string expected)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/enrich").WithBody(body, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain(expected));
    }

    [Test]
    public async Task UnexpectedFailure_Is500WithoutDetails()
    {
        var api = new ApiHarness();
        api.Pipeline.Queue.FailOnCall = 1;

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(ApiHarness.Error(response), Does.Contain("test-request-1"));
        Assert.That(response.Body, Does.Not.Contain("queue unavailable"));
        Assert.That(api.Pipeline.Log.Lines, Has.Some.Contains("IOException"));
    }
}
