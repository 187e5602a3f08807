using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class DomainSuggesterTests
{
    [TestCase("gmial.com", "gmail.com")]
    [TestCase("gamil.com", "gmail.com")]
    [TestCase("gmail.con", "gmail.com")]
    [TestCase("gmailcom", "gmail.com")]
    [TestCase("hotmial.com", "hotmail.com")]
    [TestCase("hotmal.co", "hotmail.com")]
    [TestCase("yaho.com", "yahoo.com")]
    [TestCase("outlok.com", "outlook.com")]
    [TestCase("iclod.com", "icloud.com")]
    public void Suggest_FindsTheTopDomainOfATypo(string domain, string expected)
    {
        Assert.That(DomainSuggester.Suggest(domain), Is.EqualTo(expected));
    }

    [TestCase("gmail.com")]
    [TestCase("googlemail.com")]
    [TestCase("hotmail.de")]
    [TestCase("acme.com")]
    [TestCase("aim.com")]
    [TestCase("max.com")]
    [TestCase("mailinator.com")]
    [TestCase("gmx.at")]
    [TestCase("verizon.com")]
    [TestCase("")]
    public void Suggest_LeavesKnownAndUnrelatedDomainsAlone(string domain)
    {
        Assert.That(DomainSuggester.Suggest(domain), Is.Null);
    }

    [TestCase("ann@gmial.com", "gmail.com")]
    [TestCase("bob@acme-widgets.example", null)]
    public void Suggest_AnswersARepeatedDomainAsTheFirstTime_FromASliceOfALongerText(string address, string? expected)
    {
        // Answers are remembered by domain; the lookup must take the slice, not the whole address.
        var domain = address.AsSpan(address.IndexOf('@', StringComparison.Ordinal) + 1);

        var first = DomainSuggester.Suggest(domain);
        var second = DomainSuggester.Suggest(domain);
        var other = DomainSuggester.Suggest(("x" + address).AsSpan(address.IndexOf('@', StringComparison.Ordinal) + 2));

        Assert.That(new[] { first, second, other }, Is.All.EqualTo(expected));
    }
}
