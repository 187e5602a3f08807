using Enrichment.Core.Configuration;
using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

/// <summary>GET /providers and GET /jobs/{id}/summary: what the web page reads besides the status.</summary>
public sealed class ApiFunctionSummaryTests
{
    [Test]
    public async Task GetProviders_ListsTheOfferedNames_DefaultChainFirst()
    {
        var api = new ApiHarness(new EnrichmentOptions { DefaultProviders = ["normalize"] });
        api.Pipeline.Providers.Register("backup", () => new Enrichment.Core.Providers.EmailProvider());

        var response = await api.SendAsync(ApiRequestBuilder.Get("/providers"));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        var body = ApiHarness.Json(response);
        Assert.That(body.GetProperty("providers").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "normalize", "backup", "email", "mx" }));
        Assert.That(body.GetProperty("default").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "normalize" }));
    }

    [Test]
    public async Task GetSummary_Is409WhileTheJobRuns_ThenAnswersCountsDuplicatesAndIssues()
    {
        var api = new ApiHarness();
        const string csv = "email,country\nann@acme.com,US\nnope,US\nann@acme.com,US\n";
        var jobId = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(csv, "text/csv"))).GetProperty("jobId").GetString()!;

        var running = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}/summary"));
        await api.Pipeline.DeliverAllAsync();
        await api.Pipeline.RunPollerAsync(jobId);
        var done = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}/summary"));

        Assert.That(running.StatusCode, Is.EqualTo(409));
        Assert.That(ApiHarness.Error(running), Does.Contain("still running"));
        Assert.That(done.StatusCode, Is.EqualTo(200));
        Assert.That(done.Headers!["cache-control"], Is.EqualTo("no-store"));
        var body = ApiHarness.Json(done);
        Assert.That(body.GetProperty("ok").GetInt64(), Is.EqualTo(2));
        Assert.That(body.GetProperty("invalid").GetInt64(), Is.EqualTo(1));
        Assert.That(body.GetProperty("duplicates").GetInt64(), Is.EqualTo(1));
        var issue = body.GetProperty("issues")[0];
        Assert.That(issue.GetProperty("row").GetInt64(), Is.EqualTo(2));
        Assert.That(issue.GetProperty("status").GetString(), Is.EqualTo("invalid"));
        Assert.That(issue.GetProperty("errors").GetString(), Does.StartWith("email_invalid"));
    }

    [Test]
    public async Task GetSummary_OfAnotherCallersJobIs404LikeAnUnknownOne()
    {
        var api = new ApiHarness();
        var jobId = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody("email\nann@acme.com\n", "text/csv"))).GetProperty("jobId").GetString()!;
        await api.Pipeline.DeliverAllAsync();
        await api.Pipeline.RunPollerAsync(jobId);

        var owner = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}/summary"));
        var other = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}/summary").SignedBy("arn:aws:iam::123456789012:user/someone-else"));
        var anonymous = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}/summary").WithAuthorizer(null));

        Assert.That(owner.StatusCode, Is.EqualTo(200));
        Assert.That(other.StatusCode, Is.EqualTo(404));
        Assert.That(ApiHarness.Error(other), Is.EqualTo($"job {jobId} not found"));
        Assert.That(anonymous.StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task GetSummary_OfAnUnknownJobIs404()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Get("/jobs/does-not-exist/summary"));

        Assert.That(response.StatusCode, Is.EqualTo(404));
    }
}
