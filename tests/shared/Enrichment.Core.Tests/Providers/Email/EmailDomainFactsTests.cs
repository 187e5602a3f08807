using Enrichment.Core.Data;
using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class EmailDomainFactsTests
{
    [TestCase("gmail.com")]
    [TestCase("gmial.com")]
    [TestCase("eu.mailinator.com")]
    [TestCase("mail.acme.co.uk")]
    [TestCase("pw.edu.pl")]
    public void Of_AnswersWhatTheListsSayOfTheDomain(string domain)
    {
        var facts = EmailDomainFacts.Of(domain);

        Assert.That(facts, Is.EqualTo(new EmailDomainFacts(
            domain,
            EmailClassifier.IsDisposableDomain(domain),
            EmailClassifier.IsFreeDomain(domain),
            DomainSuggester.Suggest(domain),
            MailDomains.TopSet.Contains(domain),
            PublicSuffixList.RegistrableDomain(domain))));
    }

    [Test]
    public void Of_GivesARepeatedDomainItsRememberedFactsWithTheSameStrings()
    {
        var first = EmailDomainFacts.Of("sales.initech-example.com");
        var again = EmailDomainFacts.Of("sales.initech-example.com".AsSpan());

        Assert.That(again, Is.SameAs(first));
        Assert.That(again.Registrable, Is.EqualTo("initech-example.com"));
    }
}
