using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class WebsiteHostTests
{
    [TestCase("acme.com", "acme.com")]
    [TestCase("ACME.COM", "acme.com")]
    [TestCase("www.acme.com", "acme.com")]
    [TestCase("https://www.acme.com", "acme.com")]
    [TestCase("http://acme.com/", "acme.com")]
    [TestCase("https://shop.acme.co.uk/path/page.html?q=1#top", "shop.acme.co.uk")]
    [TestCase("//acme.io/x", "acme.io")]
    [TestCase("https://user:pw@acme.com:8443/x", "acme.com")]
    [TestCase("acme.com.", "acme.com")]
    [TestCase("  www.Bücher.de  ", "bücher.de")]
    [TestCase("wwwacme.com", "wwwacme.com")]
    public void Host_IsExtracted(string website, string expected) =>
        Assert.That(WebsiteHost.From(website), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("n/a")]
    [TestCase("localhost")]
    [TestCase("https://intranet.local")]
    [TestCase("acme.con")]
    [TestCase("http://")]
    [TestCase("http://192.168.1.1/admin")]
    public void NoUsableHost_GivesNull(string? website) =>
        Assert.That(WebsiteHost.From(website), Is.Null);
}
