using System.Net;
using System.Text;
using Enrichment.Core.Jobs;
using Enrichment.Core.Webhooks;
using Enrichment.Testing.Webhooks;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Enrichment.Core.Tests.Webhooks;

/// <summary>The sender against a real receiver on loopback, with short delays and timeouts.</summary>
public sealed class WebhookSenderTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"job.completed\"}");

    private static WebhookOptions Quick(int maxAttempts = 4) => WebhookOptions.Local with
    {
        AttemptTimeout = TimeSpan.FromMilliseconds(700),
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        TotalTime = TimeSpan.FromSeconds(20),
        MaxAttempts = maxAttempts,
    };

    [Test]
    public async Task Send_RetriesAfterServerErrors_UntilA2xx_WithTheSameIdAndValidSignatures()
    {
        await using var receiver = new WebhookReceiver(null, 500, 503, 204);
        using var sender = new WebhookSender(Quick(), TimeProvider.System);
        var secret = WebhookSecrets.Generate();

        var result = await sender.SendAsync(receiver.Url, "msg_j1_0", Body, WebhookSecrets.TryDecode(secret)!, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new WebhookSendResult(WebhookOutcomes.Delivered, 3, 204)));
        var verifier = new StandardWebhook(secret);
        for (var i = 0; i < 3; i++)
        {
            var request = await receiver.NextAsync(Wait);
            Assert.That(request.Headers["webhook-id"], Is.EqualTo("msg_j1_0"));
            Assert.That(request.PathAndQuery, Is.EqualTo("/hooks/enrichment?token=t1"));
            Assert.DoesNotThrow(() => verifier.Verify(request.Body, Headers(request)));
        }
    }

    [Test]
    public async Task Send_RetriesAfterATimeout()
    {
        await using var receiver = new WebhookReceiver(TimeSpan.FromSeconds(10), WebhookReceiver.Hold, 200);
        using var sender = new WebhookSender(Quick(), TimeProvider.System);

        var result = await sender.SendAsync(receiver.Url, "msg_j2_0", Body, WebhookSecrets.TryDecode(WebhookSecrets.Generate())!, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new WebhookSendResult(WebhookOutcomes.Delivered, 2, 200)));
        Assert.That((await receiver.NextAsync(Wait)).Answer, Is.EqualTo(WebhookReceiver.Hold));
    }

    [Test]
    public async Task Send_GivesUpAfterTheLastAttempt()
    {
        await using var receiver = new WebhookReceiver(null, 500);
        using var sender = new WebhookSender(Quick(maxAttempts: 3), TimeProvider.System);

        var result = await sender.SendAsync(receiver.Url, "msg_j3_0", Body, WebhookSecrets.TryDecode(WebhookSecrets.Generate())!, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new WebhookSendResult(WebhookOutcomes.Failed, 3, 500)));
    }

    [Test]
    public async Task Send_StopsWhenTheTotalTimeIsSpent()
    {
        await using var receiver = new WebhookReceiver(null, 500);
        using var sender = new WebhookSender(Quick(maxAttempts: 1000) with { FirstRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromMilliseconds(200), TotalTime = TimeSpan.FromSeconds(1) }, TimeProvider.System);

        var result = await sender.SendAsync(receiver.Url, "msg_j4_0", Body, WebhookSecrets.TryDecode(WebhookSecrets.Generate())!, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(WebhookOutcomes.Failed));
        Assert.That(result.Attempts, Is.InRange(1, 999));
    }

    [Test]
    public async Task Send_ToLoopbackWhereNotAllowed_IsRefusedAndSendsNothing()
    {
        await using var receiver = new WebhookReceiver();
        using var sender = new WebhookSender(Quick() with { AllowLoopback = false }, TimeProvider.System);

        var result = await sender.SendAsync(receiver.Url, "msg_j5_0", Body, WebhookSecrets.TryDecode(WebhookSecrets.Generate())!, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new WebhookSendResult(WebhookOutcomes.Refused, 0, null)));
        Assert.That(receiver.Pending, Is.Zero);
    }

    [Test]
    public async Task Send_ToANameThatResolvesToAPrivateAddress_IsRefusedAndNeverRetried()
    {
        var lookups = 0;
        var guard = new WebhookAddressGuard(allowLoopback: true, (_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult(new[] { IPAddress.Parse("10.20.30.40") });
        });
        using var sender = new WebhookSender(Quick(), TimeProvider.System, guard);

        var result = await sender.SendAsync(new Uri("http://hooks.example.com:9/x"), "msg_j6_0", Body, WebhookSecrets.TryDecode(WebhookSecrets.Generate())!, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new WebhookSendResult(WebhookOutcomes.Refused, 0, null)));
        Assert.That(lookups, Is.EqualTo(1));
    }

    [Test]
    public async Task Send_HttpWhereOnlyHttpsIsAllowed_IsRefused()
    {
        using var sender = new WebhookSender(new WebhookOptions(), TimeProvider.System);

        var result = await sender.SendAsync(new Uri("http://hooks.example.com/x"), "msg_j7_0", Body, new byte[32], CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(WebhookOutcomes.Refused));
    }

    private static HeaderDictionary Headers(ReceivedWebhook request) => new()
    {
        ["webhook-id"] = request.Headers["webhook-id"],
        ["webhook-timestamp"] = request.Headers["webhook-timestamp"],
        ["webhook-signature"] = request.Headers["webhook-signature"],
    };
}
