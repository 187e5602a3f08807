using Enrichment.Core.Services;
using Enrichment.Core.Webhooks;

namespace Enrichment.Core.Tests.Webhooks;

public sealed class WebhookRequestTests
{
    private static readonly WebhookOptions Aws = new();

    [Test]
    public void From_NoCallback_IsNull() => Assert.That(WebhookRequest.From(null, null, Aws).Value, Is.Null);

    [Test]
    public void From_NoSecret_GeneratesOne()
    {
        var request = WebhookRequest.From("https://hooks.example.com/a?b=c", null, Aws).Value!;

        Assert.That(request.SecretGenerated, Is.True);
        Assert.That(WebhookSecrets.TryDecode(request.Secret), Is.Not.Null);
        Assert.That(request.ToString(), Does.Not.Contain(request.Secret), "the secret stays out of logs");
    }

    [Test]
    public void From_CallersSecret_IsKept()
    {
        var secret = WebhookSecrets.Generate();

        var request = WebhookRequest.From("https://hooks.example.com/", secret, Aws).Value!;

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
    public void From_BadCallback_IsRefusedAsInvalidWithWhy(string url, string reason)
    {
        var error = WebhookRequest.From(url, null, Aws).Refusal!;

        Assert.That(error, Is.InstanceOf<Refusal.Invalid>());
        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void From_OverlongCallback_IsRefused() =>
        Assert.That(WebhookRequest.From("https://hooks.example.com/" + new string('a', 2048), null, Aws).Refusal, Is.InstanceOf<Refusal.Invalid>());

    [Test]
    public void From_MalformedSecret_IsRefusedWithoutEchoingIt()
    {
        var error = WebhookRequest.From("https://hooks.example.com/", "whsec_tooshort", Aws).Refusal!;

        Assert.That(error.Message, Does.Not.Contain("tooshort"));
    }

    [Test]
    public void From_SecretWithoutCallback_IsRefused() =>
        Assert.That(WebhookRequest.From(null, WebhookSecrets.Generate(), Aws).Refusal, Is.InstanceOf<Refusal.Invalid>());

    [Test]
    public void From_LocalHost_TakesHttpAndLoopbackButNotPrivate()
    {
        Assert.That(WebhookRequest.From("http://127.0.0.1:9000/hook", null, WebhookOptions.Local).Value, Is.Not.Null);
        Assert.That(WebhookRequest.From("http://192.168.1.5/hook", null, WebhookOptions.Local).Refusal, Is.InstanceOf<Refusal.Invalid>());
    }
}
