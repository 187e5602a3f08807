using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class EmailAddressTests
{
    [TestCase("john@example.com", "john@example.com")]
    [TestCase("  John.Smith@Example.COM ", "john.smith@example.com")]
    [TestCase("j.smith+news@gmail.com", "j.smith+news@gmail.com")]
    [TestCase("first.last@sub.domain.org", "first.last@sub.domain.org")]
    [TestCase("user@startup.io", "user@startup.io")]
    [TestCase("name@company.co.uk", "name@company.co.uk")]
    [TestCase("kontakt@firma.de", "kontakt@firma.de")]
    [TestCase("me@my.app", "me@my.app")]
    [TestCase("dev@tools.dev", "dev@tools.dev")]
    [TestCase("x@y.xyz", "x@y.xyz")]
    [TestCase("curator@art.museum", "curator@art.museum")]
    [TestCase("pics@studio.photography", "pics@studio.photography")]
    [TestCase("o'brien@example.ie", "o'brien@example.ie")]
    [TestCase("user_name-1@my-domain.net", "user_name-1@my-domain.net")]
    [TestCase("a!#$%&'*+/=?^_`{|}~b@example.com", "a!#$%&'*+/=?^_`{|}~b@example.com")]
    [TestCase("1234567890@numbers.com", "1234567890@numbers.com")]
    [TestCase("user@xn--bcher-kva.de", "user@xn--bcher-kva.de")]
    [TestCase("josé@correo.es", "josé@correo.es")]
    [TestCase("info@bücher.de", "info@bücher.de")]
    [TestCase("user@example.рф", "user@example.рф")]
    [TestCase("user@example.xn--p1ai", "user@example.xn--p1ai")]
    [TestCase("user@a.b.c.d.example.com", "user@a.b.c.d.example.com")]
    public void ValidAddress_IsNormalizedAndAccepted(string raw, string expected)
    {
        var check = EmailAddress.Check(raw);

        Assert.That(check.Normalized, Is.EqualTo(expected));
        Assert.That(check.Valid, Is.True, check.Reason);
        Assert.That(check.Reason, Is.Null);
    }

    [TestCase("plainaddress", "missing @")]
    [TestCase("a@b@example.com", "more than one @")]
    [TestCase("@example.com", "empty local part")]
    [TestCase("john@", "empty domain")]
    [TestCase("john@localhost", "domain has no dot")]
    [TestCase("john@example.con", "unknown top-level domain")]
    [TestCase("john@example.cmo", "unknown top-level domain")]
    [TestCase("john@example.comm", "unknown top-level domain")]
    [TestCase("john@server.local", "unknown top-level domain")]
    [TestCase("john@example.invalid", "unknown top-level domain")]
    [TestCase("john@example.test", "unknown top-level domain")]
    [TestCase("john@example.c", "unknown top-level domain")]
    [TestCase("john..smith@example.com", "consecutive dots")]
    [TestCase(".john@example.com", "local part starts or ends with a dot")]
    [TestCase("john.@example.com", "local part starts or ends with a dot")]
    [TestCase("john smith@example.com", "contains whitespace")]
    [TestCase("john@exa mple.com", "contains whitespace")]
    [TestCase("john(comment)@example.com", "invalid character in local part")]
    [TestCase("\"john\"@example.com", "invalid character in local part")]
    [TestCase("john@example..com", "empty domain label")]
    [TestCase("john@.example.com", "empty domain label")]
    [TestCase("john@example.com.", "empty domain label")]
    [TestCase("john@-example.com", "domain label starts or ends with a hyphen")]
    [TestCase("john@example-.com", "domain label starts or ends with a hyphen")]
    [TestCase("john@exam_ple.com", "invalid character in domain")]
    [TestCase("john@[192.168.0.1]", "invalid character in domain")]
    [TestCase("john@192.168.0.1", "unknown top-level domain")]
    public void InvalidAddress_IsRejectedWithReason(string raw, string reason)
    {
        var check = EmailAddress.Check(raw);

        Assert.That(check.Valid, Is.False);
        Assert.That(check.Reason, Is.EqualTo(reason));
        Assert.That(check.Normalized, Is.EqualTo(raw.Trim().ToLowerInvariant()));
    }

    [Test]
    public void LocalPartOver64_IsRejected()
    {
        var check = EmailAddress.Check(new string('a', 65) + "@example.com");

        Assert.That(check.Reason, Is.EqualTo("local part longer than 64 characters"));
    }

    [Test]
    public void LocalPartOf64_IsAccepted() =>
        Assert.That(EmailAddress.Check(new string('a', 64) + "@example.com").Valid, Is.True);

    [Test]
    public void LabelOver63_IsRejected() =>
        Assert.That(EmailAddress.Check("a@" + new string('b', 64) + ".com").Reason, Is.EqualTo("domain label longer than 63 characters"));

    [Test]
    public void AddressOver254_IsRejected()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com";

        Assert.That(EmailAddress.Check("someone@" + domain).Reason, Is.EqualTo("address longer than 254 characters"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void MissingAddress_IsAbsentNotInvalid(string? raw) =>
        Assert.That(EmailAddress.Check(raw), Is.EqualTo(EmailCheck.Absent));

    [Test]
    public void CleanAddress_IsNotCopied()
    {
        var raw = "clean@example.com";

        Assert.That(EmailAddress.Check(raw).Normalized, Is.SameAs(raw));
    }

    [Test]
    public void ValidCheck_ExposesLocalPartAndDomain()
    {
        var check = EmailAddress.Check("Sales+EU@Acme.CO.UK");

        Assert.That(check.LocalPart, Is.EqualTo("sales+eu"));
        Assert.That(check.Domain, Is.EqualTo("acme.co.uk"));
    }

    [TestCase("com")]
    [TestCase("org")]
    [TestCase("uk")]
    [TestCase("photography")]
    [TestCase("xn--p1ai")]
    [TestCase("рф")]
    public void TopLevelDomains_KnowDelegatedTlds(string tld) =>
        Assert.That(TopLevelDomains.IsKnown(tld), Is.True);

    [Test]
    public void TopLevelDomains_ListIsComplete() =>
        Assert.That(TopLevelDomains.Count, Is.GreaterThan(1400));
}
