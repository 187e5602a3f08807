using System.Text;
using Enrichment.Core.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Enrichment.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Test]
    public void Sign_MatchesTheSpecificationsExample()
    {
        // The example of the Standard Webhooks specification (its secret, id, timestamp and body).
        var key = WebhookSecrets.TryDecode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!;

        var signature = WebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    [Test]
    public void Sign_IsVerifiedByAnIndependentImplementation()
    {
        var secret = WebhookSecrets.Generate();
        var body = "{\"type\":\"job.completed\",\"data\":{\"jobId\":\"j1\",\"name\":\"Zoë\"}}";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "msg_j1_0",
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSignature.Sign(WebhookSecrets.TryDecode(secret)!, "msg_j1_0", timestamp, Encoding.UTF8.GetBytes(body)),
        };

        Assert.DoesNotThrow(() => new StandardWebhook(secret).Verify(body, headers));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSecrets.Generate()).Verify(body, headers), "another secret");
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(secret).Verify(body + " ", headers), "another body");
    }

    [Test]
    public void Generate_MakesDistinctWellFormedSecrets()
    {
        var (first, second) = (WebhookSecrets.Generate(), WebhookSecrets.Generate());

        Assert.That(first, Does.StartWith("whsec_"));
        Assert.That(WebhookSecrets.TryDecode(first), Has.Length.EqualTo(32));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [TestCase("whsec_")]
    [TestCase("whsec_not base64!")]
    [TestCase("whsec_c2hvcnQ=")]
    public void TryDecode_RefusesMalformedOrShortSecrets(string? secret) =>
        Assert.That(WebhookSecrets.TryDecode(secret), Is.Null);
}
