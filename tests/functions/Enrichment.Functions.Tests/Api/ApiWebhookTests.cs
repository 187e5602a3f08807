using System.Text;
using Enrichment.Core.Configuration;
using Enrichment.Core.Jobs;
using Enrichment.Core.Webhooks;
using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

/// <summary>callbackUrl and the webhook secret through POST /jobs and POST /jobs/uploads.</summary>
public sealed class ApiWebhookTests
{
    private const string Csv = "email,first name\nann@acme.com,ann\n";
    private const string Callback = "https://hooks.example.com/enrichment?token=abc";

    [Test]
    public async Task PostJobs_WithCallbackAndNoSecret_ReturnsAMadeSecretOnceAndKeepsIt()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", Callback).WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
        Assert.That(response.Headers!["cache-control"], Is.EqualTo("no-store"));
        var body = ApiHarness.Json(response);
        var secret = body.GetProperty("webhookSecret").GetString();
        Assert.That(WebhookSecrets.TryDecode(secret), Is.Not.Null);
        var job = api.Pipeline.Table.Jobs.Single();
        Assert.That(job.Webhook, Is.EqualTo(new WebhookTarget(Callback, secret!, body.GetProperty("statusUrl").GetString()!)));

        var status = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{job.JobId}"));
        Assert.That(status.Body, Does.Not.Contain(secret!).And.Not.Contain("token=abc"));
        var webhook = ApiHarness.Json(status).GetProperty("webhook");
        Assert.That(webhook.GetProperty("outcome").GetString(), Is.EqualTo(WebhookOutcomes.Pending));
        Assert.That(webhook.GetProperty("attempts").GetInt32(), Is.Zero);
        Assert.That(string.Join('\n', api.Pipeline.Log.Lines), Does.Not.Contain(secret!));
    }

    [Test]
    public async Task PostJobs_WithTheCallersSecretHeader_KeepsItAndDoesNotAnswerIt()
    {
        var api = new ApiHarness();
        var secret = WebhookSecrets.Generate();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", Callback).WithHeader("Webhook-Secret", secret).WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
        Assert.That(response.Body, Does.Not.Contain("webhookSecret"));
        Assert.That(api.Pipeline.Table.Jobs.Single().Webhook!.Secret, Is.EqualTo(secret));
    }

    [TestCase("secret")]
    [TestCase("webhookSecret")]
    [TestCase("Webhook-Secret")]
    public async Task PostJobs_SecretInTheQuery_IsAJson400AndMakesNoJob(string name)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", Callback).WithQuery(name, WebhookSecrets.Generate()).WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain("Webhook-Secret header"));
        Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
    }

    [TestCase("http://hooks.example.com/x", "https")]
    [TestCase("not a url", "absolute")]
    [TestCase("https://169.254.169.254/latest", "address")]
    public async Task PostJobs_BadCallback_IsAJson400AndMakesNoJob(string url, string reason)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", url).WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.Contain(reason));
        Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task PostJobs_HostThatAllowsHttp_TakesAnHttpCallback()
    {
        var api = new ApiHarness(new EnrichmentOptions { Webhooks = WebhookOptions.Local });

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", "http://127.0.0.1:9000/hook").WithBody(Csv, "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
    }

    [Test]
    public async Task PostJobs_ReplayOfAnIdempotentRequest_DoesNotAnswerAnotherSecret()
    {
        var api = new ApiHarness();
        ApiRequestBuilder Request() => ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", Callback).WithHeader("Idempotency-Key", "k1").WithBody(Csv, "text/csv");

        var first = await api.SendAsync(Request());
        var replay = await api.SendAsync(Request());

        Assert.That(replay.StatusCode, Is.EqualTo(200));
        Assert.That(replay.Body, Does.Not.Contain("webhookSecret"));
        Assert.That(api.Pipeline.Table.Jobs.Single().Webhook!.Secret, Is.EqualTo(ApiHarness.Json(first).GetProperty("webhookSecret").GetString()));
    }

    [Test]
    public async Task PostJobs_SameIdempotencyKeyWithAnotherCallback_IsA422()
    {
        var api = new ApiHarness();
        ApiRequestBuilder Request(string callback) => ApiRequestBuilder.Post("/jobs").WithQuery("callbackUrl", callback).WithHeader("Idempotency-Key", "k2").WithBody(Csv, "text/csv");

        var first = await api.SendAsync(Request(Callback));
        var other = await api.SendAsync(Request("https://elsewhere.example.com/hook"));

        Assert.That((first.StatusCode, other.StatusCode), Is.EqualTo((202, 422)));
    }

    [Test]
    public async Task PostUploads_TakesCallbackAndSecretFromTheBody()
    {
        var api = new ApiHarness();
        var secret = WebhookSecrets.Generate();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithBody(
            $"{{\"fileName\":\"list.csv\",\"size\":100,\"callbackUrl\":\"{Callback}\",\"webhookSecret\":\"{secret}\"}}", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(201), response.Body);
        Assert.That(response.Body, Does.Not.Contain("webhookSecret"));
        Assert.That(api.Pipeline.Table.Jobs.Single().Webhook!.Secret, Is.EqualTo(secret));
    }

    [Test]
    public async Task PostUploads_DryRunWithACallback_Is400_AndReservesNothing()
    {
        var api = new ApiHarness();

        var body = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithBody($"{{\"fileName\":\"list.csv\",\"size\":100,\"dryRun\":true,\"callbackUrl\":\"{Callback}\"}}", "application/json"));
        var query = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithQuery("dryRun", "true").WithQuery("callbackUrl", Callback).WithBody("{\"fileName\":\"list.csv\",\"size\":100}", "application/json"));

        Assert.Multiple(() =>
        {
            Assert.That((body.StatusCode, query.StatusCode), Is.EqualTo((400, 400)));
            Assert.That(ApiHarness.Json(body).GetProperty("error").GetString(), Does.Contain("dry run"));
            Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
        });
    }

    [Test]
    public async Task PostUploads_CallbackWithoutSecret_AnswersTheMadeSecret()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithBody($"{{\"fileName\":\"list.csv\",\"size\":100,\"callbackUrl\":\"{Callback}\"}}", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(201), response.Body);
        Assert.That(ApiHarness.Json(response).GetProperty("webhookSecret").GetString(), Is.EqualTo(api.Pipeline.Table.Jobs.Single().Webhook!.Secret));
    }

    [Test]
    public async Task PostUploads_SecretInTheQuery_IsA400()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithQuery("secret", "whsec_x").WithBody($"{{\"fileName\":\"list.csv\",\"size\":100,\"callbackUrl\":\"{Callback}\"}}", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task GetJob_WithoutCallback_HasNoWebhook()
    {
        var api = new ApiHarness();
        var accepted = ApiHarness.Json(await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithBody(Csv, "text/csv")));

        var status = await api.SendAsync(ApiRequestBuilder.Get($"/jobs/{accepted.GetProperty("jobId").GetString()}"));

        Assert.That(ApiHarness.Json(status).TryGetProperty("webhook", out _), Is.False);
        Assert.That(Encoding.UTF8.GetByteCount(status.Body!), Is.Positive);
    }
}
