using System.Net;
using Enrichment.Core.Webhooks;

namespace Enrichment.Core.Tests.Webhooks;

public sealed class WebhookAddressesTests
{
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.1.1")]
    [TestCase("100.64.0.1")]
    [TestCase("169.254.169.254")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("255.255.255.255")]
    [TestCase("198.18.0.1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fd00::1")]
    [TestCase("ff02::1")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("::ffff:169.254.169.254")]
    [TestCase("64:ff9b::a00:1")]
    [TestCase("2002:c0a8:101::1")]
    public void IsAllowed_RefusesPrivateLinkLocalAndSpecialAddresses(string address)
    {
        Assert.That(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowLoopback: false), Is.False);
        Assert.That(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowLoopback: true), Is.False, "loopback allowed changes nothing here");
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.10.0.1")]
    [TestCase("::1")]
    [TestCase("::ffff:127.0.0.1")]
    public void IsAllowed_LoopbackOnlyWhenTheHostAllowsIt(string address)
    {
        Assert.That(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowLoopback: false), Is.False);
        Assert.That(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowLoopback: true), Is.True);
    }

    [TestCase("93.184.216.34")]
    [TestCase("8.8.8.8")]
    [TestCase("172.32.0.1")]
    [TestCase("2606:4700::1111")]
    [TestCase("::ffff:8.8.8.8")]
    public void IsAllowed_TakesPublicAddresses(string address) =>
        Assert.That(WebhookAddresses.IsAllowed(IPAddress.Parse(address), allowLoopback: false), Is.True);
}
