using System.Net.Sockets;
using System.Text;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Testing.Lambda;

namespace Enrichment.Lambda.Tests.Testing;

/// <summary>The fake itself: other test projects run real bootstraps against it, so its behaviour is pinned here.</summary>
[NonParallelizable]
public sealed class FakeLambdaRuntimeApiTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [TearDown]
    public void ClearTrace() => Environment.SetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable, null);

    [Test]
    public async Task Start_ListensOnLoopbackOnly()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();

        Assert.That(api.RuntimeApi, Does.Match(@"^127\.0\.0\.1:\d+$"));
    }

    [Test]
    public async Task Enqueue_HandsInvocationsOutInOrder()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        var first = api.Enqueue("{\"n\":1}");
        var second = api.Enqueue("{\"n\":2}");

        var a = await client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);
        var b = await client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(a.RequestId, Is.EqualTo(first));
            Assert.That(b.RequestId, Is.EqualTo(second));
            Assert.That(Encoding.UTF8.GetString(b.Payload.Span), Is.EqualTo("{\"n\":2}"));
        });
    }

    [Test]
    public async Task Enqueue_RefusesADuplicateRequestId()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        api.Enqueue("{}", requestId: "same");

        Assert.Throws<ArgumentException>(() => api.Enqueue("{}", requestId: "same"));
    }

    [Test]
    public async Task WaitForResult_TimesOutWhenNothingAnswers()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        var id = api.Enqueue("{}");

        Assert.That(async () => await api.WaitForResultAsync(id, TimeSpan.FromMilliseconds(200)), Throws.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task SecondAnswerForTheSameInvocation_IsRefused()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        var id = api.Enqueue("{}");
        await client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);
        await client.SendResponseAsync(id, "{\"first\":true}"u8.ToArray(), CancellationToken.None);

        Assert.ThrowsAsync<LambdaRuntimeException>(() => client.SendResponseAsync(id, "{}"u8.ToArray(), CancellationToken.None));
        var result = await api.WaitForResultAsync(id, Wait);
        Assert.Multiple(() =>
        {
            Assert.That(result.Body, Is.EqualTo("{\"first\":true}"));
            Assert.That(api.UnexpectedRequests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task APollerThatWentAway_DoesNotSwallowTheNextInvocation()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        using (var dead = new TcpClient())
        {
            var port = int.Parse(api.RuntimeApi.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            await dead.ConnectAsync("127.0.0.1", port);
            await dead.GetStream().WriteAsync("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            await api.WaitForPollsAsync(1, Wait);
        }

        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        var next = client.GetNextInvocationAsync(CancellationToken.None);
        await api.WaitForPollsAsync(2, Wait);
        var id = api.Enqueue("{}");

        var invocation = await next.WaitAsync(Wait);
        Assert.That(invocation.RequestId, Is.EqualTo(id));
    }

    [Test]
    public async Task UnknownPath_IsRecordedAndAnswered404()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri("http://" + api.RuntimeApi + "/2018-06-01/runtime/nothing-here"));

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(404));
            Assert.That(api.UnexpectedRequests, Is.EqualTo(new[] { "GET /2018-06-01/runtime/nothing-here" }));
        });
    }

    [Test]
    public async Task ChunkedRequestBodies_AreRead()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        using var http = new HttpClient();
        var id = api.Enqueue("{}");
        await client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        using var content = new StreamContent(new MemoryStream("{\"chunked\":true}"u8.ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.BaseAddress, "invocation/" + id + "/response")) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        var result = await api.WaitForResultAsync(id, Wait);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(202));
            Assert.That(result.Body, Is.EqualTo("{\"chunked\":true}"));
        });
    }

    [Test]
    public async Task LargePayloads_TravelWhole()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        using var client = new LambdaRuntimeClient(api.RuntimeApi);
        var payload = "\"" + new string('x', 3 * 1024 * 1024) + "\"";
        var id = api.Enqueue(payload);

        var invocation = await client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);
        await client.SendResponseAsync(id, invocation.Payload, CancellationToken.None);
        var result = await api.WaitForResultAsync(id, Wait);

        Assert.That(result.Body, Has.Length.EqualTo(payload.Length).And.EqualTo(payload));
    }
}
