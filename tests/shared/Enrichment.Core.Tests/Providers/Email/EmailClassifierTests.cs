using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class EmailClassifierTests
{
    [TestCase("info", "mailinator.com", EmailKinds.Disposable)]
    [TestCase("jane", "eu.mailinator.com", EmailKinds.Disposable)]
    [TestCase("jane", "edu.pl", EmailKinds.Disposable)]
    [TestCase("jan", "pw.edu.pl", EmailKinds.Business)]
    [TestCase("jan", "ee.pw.edu.pl", EmailKinds.Business)]
    [TestCase("info", "gmail.com", EmailKinds.Role)]
    [TestCase("info", "acme.com", EmailKinds.Role)]
    [TestCase("jane", "gmail.com", EmailKinds.Free)]
    [TestCase("jane", "acme.com", EmailKinds.Business)]
    public void Kind_IsMatchedOnTheRegistrableDomainAndPrecedenceIsDisposableRoleFreeBusiness(string local, string domain, string expected) =>
        Assert.That(EmailClassifier.Classify(local, domain), Is.EqualTo(expected));

    [TestCase("mail.yahoo.co.uk", true)]
    [TestCase("yahoo.co.uk", true)]
    [TestCase("co.uk", false)]
    [TestCase("notgmail.com", false)]
    [TestCase("gmail.com.evil.io", false)]
    [TestCase("net.ua", true)]
    [TestCase("acme.net.ua", false)]
    public void FreeDomain_MatchesDomainOrParentOnly(string domain, bool expected) =>
        Assert.That(EmailClassifier.IsFreeDomain(domain), Is.EqualTo(expected));

    [TestCase("info", true)]
    [TestCase("no-reply", true)]
    [TestCase("do_not_reply", true)]
    [TestCase("customer.service", true)]
    [TestCase("mailer-daemon", true)]
    [TestCase("sales+emea", true)]
    [TestCase("h.r", true)]
    [TestCase("jane.doe", false)]
    [TestCase("information.desk", false)]
    [TestCase("salesman", false)]
    [TestCase("", false)]
    public void Role_IgnoresSeparatorsAndTags(string local, bool expected) =>
        Assert.That(EmailClassifier.IsRole(local), Is.EqualTo(expected));
}
