using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.FakePersonApi;

namespace Enrichment.Core.Tests.Providers.Http;

public sealed class FakePersonApiServerTests
{
    private FakePersonApiServer _server = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await FakePersonApiServer.StartAsync();
        _client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Single_AnswersTheSamePersonForTheSameEmail()
    {
        var first = await PostAsync(_server.SingleUrl, """{"email":"ann@acme.com"}""");
        var second = await PostAsync(_server.SingleUrl, """{"email":"ANN@acme.com "}""");

        Assert.Multiple(() =>
        {
            Assert.That(_server.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Title(first.Body), Is.EqualTo(Title(second.Body)).And.Not.Empty);
            Assert.That(_server.State.RequestCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Single_IsNotFoundWithoutAnEmail()
    {
        var answer = await PostAsync(_server.SingleUrl, """{"first_name":"Ann"}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Bulk_AnswersMatchedIdsOnly()
    {
        var answer = await PostAsync(_server.BulkUrl, """{"records":[{"id":"0","email":"a@x.com"},{"id":"1"},{"id":"2","email":"b@y.org"}]}""");

        using var document = JsonDocument.Parse(answer.Body);
        var ids = document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "0", "2" }));
            Assert.That(_server.State.Requests.Single().Records, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Faults_ApplyToTheNextRequestsThenTheDefault()
    {
        _server.State.RetryAfterSeconds = 7;
        _server.State.EnqueueFaults(FakeFault.TooManyRequests, 1);
        _server.State.EnqueueFaults(FakeFault.MalformedJson, 1);

        var throttled = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""");
        var malformed = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""");
        var normal = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""");
        _server.State.DefaultFault = FakeFault.ServerError;
        var down = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""");

        Assert.Multiple(() =>
        {
            Assert.That(throttled.Status, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(throttled.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(() => JsonDocument.Parse(malformed.Body), Throws.InstanceOf<JsonException>());
            Assert.That(normal.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(down.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(_server.State.Requests.Select(r => r.Fault), Is.EqualTo(new[] { FakeFault.TooManyRequests, FakeFault.MalformedJson, FakeFault.None, FakeFault.ServerError }));
        });
    }

    [Test]
    public async Task RequiredKey_RefusesAWrongKey()
    {
        _server.State.RequiredApiKey = "secret-key";

        var without = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""");
        var with = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""", "secret-key");

        Assert.Multiple(() =>
        {
            Assert.That(without.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(with.Status, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Latency_DelaysTheAnswerThenAnswers()
    {
        _server.State.Latency = TimeSpan.FromMilliseconds(300);
        _server.State.EnqueueFaults(FakeFault.Latency, 1);
        var started = TimeProvider.System.GetTimestamp();

        var answer = await PostAsync(_server.SingleUrl, """{"email":"a@x.com"}""");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(TimeProvider.System.GetElapsedTime(started), Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)));
        });
    }

    private static string? Title(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("employment").GetProperty("title").GetString();

    private async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> PostAsync(Uri url, string json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
    }
}
