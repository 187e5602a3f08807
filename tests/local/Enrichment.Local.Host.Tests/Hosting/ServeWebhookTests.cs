using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enrichment.Local.Host.Tests.Security;
using Enrichment.Testing.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>
/// Completion webhooks from `serve` to a receiver on loopback: signatures checked with an independent
/// Standard Webhooks implementation (the StandardWebhooks package), retries after 500s and after a
/// timeout, and a callback whose name resolves to an address the host does not send to.
/// </summary>
[NonParallelizable]
public sealed class ServeWebhookTests
{
    private const string Csv = "email,first name\nann@acme.com,ann\nbob@globex.io,bob\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private TempDirectory _temp = null!;

    [SetUp]
    public void CreateTemp() => _temp = new TempDirectory();

    [TearDown]
    public void RemoveTemp() => _temp.Dispose();

    [Test]
    public async Task Webhook_IsSignedAndVerifiedByAnIndependentImplementation_AndShownInTheStatus()
    {
        await using var receiver = new WebhookReceiver();
        await using var serve = await ServeAsync();

        var accepted = await serve.Http.PostAsync(new Uri($"/jobs?callbackUrl={Uri.EscapeDataString(receiver.Url.AbsoluteUri)}", UriKind.Relative), Body());
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await JobPolling.ReadJsonAsync(accepted);
        var secret = body.GetProperty("webhookSecret").GetString()!;
        var jobId = body.GetProperty("jobId").GetString()!;

        var request = await receiver.NextAsync(Wait);
        Assert.DoesNotThrow(() => new StandardWebhook(secret).Verify(request.Body, Headers(request)));
        Assert.That(request.Headers["webhook-id"], Is.EqualTo($"msg_{jobId}_0"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.That(json.RootElement.GetProperty("type").GetString(), Is.EqualTo("job.completed"));
        Assert.That(json.RootElement.GetProperty("data").GetProperty("statusUrl").GetString(), Is.EqualTo(body.GetProperty("statusUrl").GetString()));
        Assert.That(request.Body, Does.Not.Contain("ann@acme.com").And.Not.Contain("downloadUrl"));

        var webhook = await WebhookStatusAsync(serve.Http, jobId);
        Assert.That(webhook.GetProperty("outcome").GetString(), Is.EqualTo("delivered"));
        Assert.That(webhook.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
        Assert.That(webhook.GetProperty("lastStatusCode").GetInt32(), Is.EqualTo(200));
        Assert.That(webhook.TryGetProperty("deliveredAt", out _), Is.True);
        var status = await serve.Http.GetStringAsync(new Uri($"/jobs/{jobId}", UriKind.Relative));
        Assert.That(status, Does.Not.Contain(secret));
        Assert.That(serve.Host.StandardOutput + serve.Host.StandardError, Does.Not.Contain(secret));
    }

    [Test]
    public async Task Webhook_RetriesAfterServerErrors_WithTheCallersSecret()
    {
        await using var receiver = new WebhookReceiver(null, 500, 500, 200);
        await using var serve = await ServeAsync();
        var secret = Core.Webhooks.WebhookSecrets.Generate();
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/jobs?callbackUrl={Uri.EscapeDataString(receiver.Url.AbsoluteUri)}") { Content = Body() };
        post.Headers.Add("Webhook-Secret", secret);

        var accepted = await serve.Http.SendAsync(post);
        var jobId = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("jobId").GetString()!;

        var verifier = new StandardWebhook(secret);
        var answers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var request = await receiver.NextAsync(Wait);
            Assert.DoesNotThrow(() => verifier.Verify(request.Body, Headers(request)));
            Assert.That(request.Headers["webhook-id"], Is.EqualTo($"msg_{jobId}_0"), "every try of one event has one id");
            answers.Add(request.Answer);
        }

        Assert.That(answers, Is.EqualTo(new[] { 500, 500, 200 }));
        var webhook = await WebhookStatusAsync(serve.Http, jobId);
        Assert.That((webhook.GetProperty("outcome").GetString(), webhook.GetProperty("attempts").GetInt32()), Is.EqualTo(("delivered", 3)));
    }

    [Test]
    public async Task Webhook_RetriesAfterAReceiverThatDoesNotAnswerInTime()
    {
        await using var receiver = new WebhookReceiver(TimeSpan.FromSeconds(10), WebhookReceiver.Hold, 204);
        await using var serve = await ServeAsync();

        var accepted = await serve.Http.PostAsync(new Uri($"/jobs?callbackUrl={Uri.EscapeDataString(receiver.Url.AbsoluteUri)}", UriKind.Relative), Body());
        var jobId = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("jobId").GetString()!;

        Assert.That((await receiver.NextAsync(Wait)).Answer, Is.EqualTo(WebhookReceiver.Hold));
        Assert.That((await receiver.NextAsync(Wait)).Answer, Is.EqualTo(204));
        var webhook = await WebhookStatusAsync(serve.Http, jobId);
        Assert.That((webhook.GetProperty("outcome").GetString(), webhook.GetProperty("attempts").GetInt32(), webhook.GetProperty("lastStatusCode").GetInt32()), Is.EqualTo(("delivered", 2, 204)));
    }

    [Test]
    public async Task Webhook_UploadWhoseListIsRefused_IsToldJobFailed()
    {
        await using var receiver = new WebhookReceiver();
        await using var serve = await ServeAsync();
        var list = "email,name\na@b.com,\"Bob\n";
        var reserve = await serve.Http.PostAsync(new Uri("/jobs/uploads", UriKind.Relative), new StringContent(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["fileName"] = "list.csv", ["size"] = Encoding.UTF8.GetByteCount(list), ["callbackUrl"] = receiver.Url.AbsoluteUri }),
            Encoding.UTF8,
            "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await JobPolling.ReadJsonAsync(reserve);
        var content = new StringContent(list, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(body.GetProperty("contentType").GetString()!);

        await serve.Http.PutAsync(new Uri(body.GetProperty("uploadUrl").GetString()!), content);

        var request = await receiver.NextAsync(Wait);
        Assert.DoesNotThrow(() => new StandardWebhook(body.GetProperty("webhookSecret").GetString()!).Verify(request.Body, Headers(request)));
        using var json = JsonDocument.Parse(request.Body);
        Assert.That(json.RootElement.GetProperty("type").GetString(), Is.EqualTo("job.failed"));
        Assert.That(json.RootElement.GetProperty("data").GetProperty("jobId").GetString(), Is.EqualTo(body.GetProperty("jobId").GetString()));
    }

    [Test]
    public async Task Webhook_ToANameThatResolvesToARefusedAddress_EndsRefused_WithNoConnectionMade()
    {
        // As on AWS: https to public addresses only. "localhost" passes the up-front check (a name), and
        // resolves to loopback when the event is sent: refused there, before any connection.
        await using var counter = new LoopbackCounter();
        await using var serve = await ServeAsync("--webhooks-public-only");
        var callback = $"https://localhost:{counter.BaseUrl.Port}/hook";

        var accepted = await serve.Http.PostAsync(new Uri($"/jobs?callbackUrl={Uri.EscapeDataString(callback)}", UriKind.Relative), Body());
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var jobId = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("jobId").GetString()!;

        var webhook = await WebhookStatusAsync(serve.Http, jobId);
        Assert.That((webhook.GetProperty("outcome").GetString(), webhook.GetProperty("attempts").GetInt32()), Is.EqualTo(("refused", 0)));
        Assert.That(counter.Connections, Is.Zero);
        var status = await JobPolling.ReadJsonAsync(await serve.Http.GetAsync(new Uri($"/jobs/{jobId}", UriKind.Relative)));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"), "the webhook never changes how the job ended");
    }

    [Test]
    public async Task Webhook_PrivateAddressOrHttpWhereRefused_IsAJson400UpFront()
    {
        await using var serve = await ServeAsync("--webhooks-public-only");

        var privateAddress = await serve.Http.PostAsync(new Uri($"/jobs?callbackUrl={Uri.EscapeDataString("https://10.0.0.5/hook")}", UriKind.Relative), Body());
        var http = await serve.Http.PostAsync(new Uri($"/jobs?callbackUrl={Uri.EscapeDataString("http://hooks.example.com/hook")}", UriKind.Relative), Body());
        var secretInQuery = await serve.Http.PostAsync(new Uri($"/jobs?callbackUrl={Uri.EscapeDataString("https://hooks.example.com/hook")}&secret=whsec_x", UriKind.Relative), Body());

        Assert.That((privateAddress.StatusCode, http.StatusCode, secretInQuery.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That(privateAddress.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That((await JobPolling.ReadJsonAsync(secretInQuery)).GetProperty("error").GetString(), Does.Contain("Webhook-Secret"));
    }

    private async Task<Served> ServeAsync(params string[] extra)
    {
        var port = HostProcess.FreePort();
        string[] args =
        [
            "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", _temp.File("data"),
            "--webhook-timeout", "1", "--webhook-retry-for", "30", .. extra,
        ];
        var host = HostProcess.Start(args);
        await host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        return new Served(host, ServeHttp.Client(port, TimeSpan.FromSeconds(30)));
    }

    private static StringContent Body() => new(Csv, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));

    /// <summary>Polls the job's status (no signal to await) until its webhook has an outcome; bounded.</summary>
    private static async Task<JsonElement> WebhookStatusAsync(HttpClient http, string jobId)
    {
        for (var poll = 0; poll < 600; poll++)
        {
            var status = await JobPolling.ReadJsonAsync(await http.GetAsync(new Uri($"/jobs/{jobId}", UriKind.Relative)));
            if (status.TryGetProperty("webhook", out var webhook) && webhook.GetProperty("outcome").GetString() != "pending")
            {
                return webhook;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"job {jobId}'s webhook had no outcome within a minute");
    }

    private static HeaderDictionary Headers(ReceivedWebhook request) => new()
    {
        ["webhook-id"] = request.Headers["webhook-id"],
        ["webhook-timestamp"] = request.Headers["webhook-timestamp"],
        ["webhook-signature"] = request.Headers["webhook-signature"],
    };

    private sealed record Served(HostProcess Host, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Host.DisposeAsync();
        }
    }
}
