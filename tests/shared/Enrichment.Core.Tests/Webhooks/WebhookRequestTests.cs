using Enrichment.Core.Services;
using Enrichment.Core.Webhooks;

namespace Enrichment.Core.Tests.Webhooks;

public sealed class WebhookRequestTests
{
    private static readonly WebhookOptions Aws = new();

    [Test]
    public void From_NoCallback_IsNull() => Assert.That(WebhookRequest.From(null, null, Aws), Is.Null);

    [Test]
    public void From_NoSecret_GeneratesOne()
    {
        var request = WebhookRequest.From("https://hooks.example.com/a?b=c", null, Aws)!;

        Assert.That(request.SecretGenerated, Is.True);
        Assert.That(WebhookSecrets.TryDecode(request.Secret), Is.Not.Null);
        Assert.That(request.ToString(), Does.Not.Contain(request.Secret), "the secret stays out of logs");
    }

    [Test]
    public void From_CallersSecret_IsKept()
    {
        var secret = WebhookSecrets.Generate();

        var request = WebhookRequest.From("https://hooks.example.com/", secret, Aws)!;

        Assert.That((request.Secret, request.SecretGenerated), Is.EqualTo((secret, false)));
    }

    [TestCase("hooks.example.com/x", "absolute")]
    [TestCase("/relative", "absolute")]
    [TestCase("ftp://hooks.example.com/", "absolute")]
    [TestCase("http://hooks.example.com/", "https")]
    [TestCase("https://user:pass@hooks.example.com/", "user name")]
    [TestCase("https://10.0.0.1/hook", "address")]
    [TestCase("https://127.0.0.1/hook", "address")]
    [TestCase("https://[fe80::1]/hook", "address")]
    public void From_BadCallback_IsA400ThatSaysWhy(string url, string reason)
    {
        var error = Assert.Throws<RequestException>(() => WebhookRequest.From(url, null, Aws))!;

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void From_OverlongCallback_IsRefused() =>
        Assert.Throws<RequestException>(() => WebhookRequest.From("https://hooks.example.com/" + new string('a', 2048), null, Aws));

    [Test]
    public void From_MalformedSecret_IsRefusedWithoutEchoingIt()
    {
        var error = Assert.Throws<RequestException>(() => WebhookRequest.From("https://hooks.example.com/", "whsec_tooshort", Aws))!;

        Assert.That(error.Message, Does.Not.Contain("tooshort"));
    }

    [Test]
    public void From_SecretWithoutCallback_IsRefused() =>
        Assert.Throws<RequestException>(() => WebhookRequest.From(null, WebhookSecrets.Generate(), Aws));

    [Test]
    public void From_LocalHost_TakesHttpAndLoopbackButNotPrivate()
    {
        Assert.That(WebhookRequest.From("http://127.0.0.1:9000/hook", null, WebhookOptions.Local), Is.Not.Null);
        Assert.Throws<RequestException>(() => WebhookRequest.From("http://192.168.1.5/hook", null, WebhookOptions.Local));
    }
}
