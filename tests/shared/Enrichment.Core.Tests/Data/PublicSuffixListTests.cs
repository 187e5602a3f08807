using Enrichment.Core.Data;

namespace Enrichment.Core.Tests.Data;

public sealed class PublicSuffixListTests
{
    [TestCase("acme.com", "acme.com")]
    [TestCase("mail.acme.co.uk", "acme.co.uk")]
    [TestCase("a.b.c.acme.com.au", "acme.com.au")]
    [TestCase("acme.github.io", "acme.github.io")]
    [TestCase("www.ck", "www.ck")]
    [TestCase("shop.acme.ck", "shop.acme.ck")]
    [TestCase("city.kawasaki.jp", "city.kawasaki.jp")]
    [TestCase("x.y.kawasaki.jp", "x.y.kawasaki.jp")]
    [TestCase("acme.unknowntld", "acme.unknowntld")]
    [TestCase("deep.acme.unknowntld", "acme.unknowntld")]
    public void RegistrableDomain_FollowsTheListsRules(string host, string expected)
    {
        Assert.That(PublicSuffixList.RegistrableDomain(host), Is.EqualTo(expected));
    }

    [TestCase("co.uk")]
    [TestCase("com")]
    [TestCase("github.io")]
    [TestCase("anything.ck")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase(".acme.com")]
    public void RegistrableDomain_IsNullForAPublicSuffixOrNoHost(string? host)
    {
        Assert.That(PublicSuffixList.RegistrableDomain(host), Is.Null);
    }

    [Test]
    public void RegistrableDomain_ReturnsTheSameStringWhenAlreadyRegistrable()
    {
        var host = new string("acme.co.uk".AsSpan());

        Assert.That(PublicSuffixList.RegistrableDomain(host), Is.SameAs(host));
    }
}
