using System.Net;
using Enrichment.Core.Webhooks;

namespace Enrichment.Core.Tests.Webhooks;

public sealed class WebhookAddressGuardTests
{
    private static WebhookAddressGuard Guard(bool allowLoopback, params string[] answer) =>
        new(allowLoopback, (_, _) => Task.FromResult(answer.Select(IPAddress.Parse).ToArray()));

    [Test]
    public void Resolve_NameOfAPrivateAddress_IsRefused() =>
        Assert.ThrowsAsync<WebhookAddressRefusedException>(() => Guard(false, "10.0.0.7").ResolveAsync("hooks.example.com", CancellationToken.None));

    [Test]
    public void Resolve_NameWithOnePrivateAmongPublicAddresses_IsRefused() =>
        Assert.ThrowsAsync<WebhookAddressRefusedException>(() => Guard(false, "93.184.216.34", "192.168.0.10").ResolveAsync("hooks.example.com", CancellationToken.None));

    [Test]
    public void Resolve_NameWithNoAddress_IsRefused() =>
        Assert.ThrowsAsync<WebhookAddressRefusedException>(() => Guard(false).ResolveAsync("hooks.example.com", CancellationToken.None));

    [Test]
    public async Task Resolve_PublicName_AnswersTheAddressItChecked() =>
        Assert.That(await Guard(false, "93.184.216.34").ResolveAsync("hooks.example.com", CancellationToken.None), Is.EqualTo(IPAddress.Parse("93.184.216.34")));

    [Test]
    public async Task Resolve_Loopback_OnlyWhereAllowed()
    {
        Assert.ThrowsAsync<WebhookAddressRefusedException>(() => Guard(false, "127.0.0.1").ResolveAsync("localhost", CancellationToken.None));
        Assert.That(await Guard(true, "127.0.0.1").ResolveAsync("localhost", CancellationToken.None), Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public void Resolve_AddressLiteral_IsCheckedWithoutTheResolver()
    {
        var guard = new WebhookAddressGuard(false, (_, _) => throw new AssertionException("a literal needs no lookup"));

        Assert.ThrowsAsync<WebhookAddressRefusedException>(() => guard.ResolveAsync("[::ffff:169.254.169.254]", CancellationToken.None));
        Assert.ThrowsAsync<WebhookAddressRefusedException>(() => guard.ResolveAsync("169.254.169.254", CancellationToken.None));
    }
}
