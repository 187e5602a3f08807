using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Tests.Providers;

public sealed class EmailProviderTests
{
    private static async Task<ContactRecord> RunAsync(ContactFields fields, bool normalizeFirst = true)
    {
        var record = new ContactRecord(1, fields);
        if (normalizeFirst)
        {
            await new NormalizeProvider().EnrichAsync([record], CancellationToken.None);
        }

        await new EmailProvider().EnrichAsync([record], CancellationToken.None);
        return record;
    }

    [TestCase("jane.doe@acme.com", "business", "acme.com")]
    [TestCase("JANE@Acme.CO.UK", "business", "acme.co.uk")]
    [TestCase("jane@gmail.com", "free", "gmail.com")]
    [TestCase("jane@googlemail.com", "free", "googlemail.com")]
    [TestCase("jane@yahoo.co.uk", "free", "yahoo.co.uk")]
    [TestCase("jane@outlook.com", "free", "outlook.com")]
    [TestCase("jane@hotmail.fr", "free", "hotmail.fr")]
    [TestCase("jane@icloud.com", "free", "icloud.com")]
    [TestCase("jane@web.de", "free", "web.de")]
    [TestCase("jane@gmx.net", "free", "gmx.net")]
    [TestCase("ivan@yandex.ru", "free", "yandex.ru")]
    [TestCase("ivan@mail.ru", "free", "mail.ru")]
    [TestCase("li@qq.com", "free", "qq.com")]
    [TestCase("li@163.com", "free", "163.com")]
    [TestCase("me@proton.me", "free", "proton.me")]
    [TestCase("test@mailinator.com", "disposable", "mailinator.com")]
    [TestCase("x@eu.mailinator.com", "disposable", "eu.mailinator.com")]
    [TestCase("abc@10minutemail.com", "disposable", "10minutemail.com")]
    [TestCase("abc@guerrillamail.com", "disposable", "guerrillamail.com")]
    [TestCase("abc@yopmail.com", "disposable", "yopmail.com")]
    [TestCase("abc@trashmail.com", "disposable", "trashmail.com")]
    [TestCase("info@mailinator.com", "disposable", "mailinator.com")]
    [TestCase("info@acme.com", "role", "acme.com")]
    [TestCase("Sales@acme.com", "role", "acme.com")]
    [TestCase("support+tickets@acme.io", "role", "acme.io")]
    [TestCase("noreply@acme.com", "role", "acme.com")]
    [TestCase("no-reply@acme.com", "role", "acme.com")]
    [TestCase("hello@startup.dev", "role", "startup.dev")]
    [TestCase("info@gmail.com", "role", "gmail.com")]
    [TestCase("information.desk@acme.com", "business", "acme.com")]
    public async Task Email_IsClassified(string email, string kind, string domain)
    {
        var record = await RunAsync(new ContactFields { Email = email });

        Assert.That(record.Get(OutputColumns.EmailKind), Is.EqualTo(kind));
        Assert.That(record.Get(OutputColumns.EmailDomain), Is.EqualTo(domain));
    }

    [TestCase("jane@acme.com", null, "acme.com")]
    [TestCase("info@acme.com", "https://other.org", "acme.com")]
    [TestCase("jane@gmail.com", "https://www.janes-bakery.com/about", "janes-bakery.com")]
    [TestCase("info@gmail.com", "www.bakery.co.uk", "bakery.co.uk")]
    [TestCase("jane@mailinator.com", "http://Acme.COM:8080/x?y#z", "acme.com")]
    [TestCase("jane@gmail.com", null, null)]
    [TestCase("jane@gmail.com", "not a website", null)]
    [TestCase(null, "acme.com", "acme.com")]
    [TestCase("broken@", "acme.com", "acme.com")]
    public async Task CompanyDomain_ComesFromBusinessEmailElseWebsite(string? email, string? website, string? expected)
    {
        var record = await RunAsync(new ContactFields { Email = email, Website = website, Phone = "+16502530000" });

        Assert.That(record.Get(OutputColumns.CompanyDomain), Is.EqualTo(expected));
    }

    [Test]
    public async Task InvalidEmail_HasNoDomainOrKind()
    {
        var record = await RunAsync(new ContactFields { Email = "john@example.con" });

        Assert.That(record.Get(OutputColumns.EmailDomain), Is.Null);
        Assert.That(record.Get(OutputColumns.EmailKind), Is.Null);
    }

    [Test]
    public async Task WithoutNormalize_NormalizesAndValidatesItself()
    {
        var record = await RunAsync(new ContactFields { Email = "  Jane@ACME.com " }, normalizeFirst: false);

        Assert.That(record.Get(OutputColumns.EmailNormalized), Is.EqualTo("jane@acme.com"));
        Assert.That(record.Get(OutputColumns.EmailValid), Is.EqualTo("true"));
        Assert.That(record.Get(OutputColumns.EmailKind), Is.EqualTo("business"));
    }

    [Test]
    public async Task WithoutNormalize_InvalidEmailIsMarkedOnce()
    {
        var record = await RunAsync(new ContactFields { Email = "jane@@acme.com" }, normalizeFirst: false);

        Assert.That(record.Errors, Is.EqualTo(new[] { "email_invalid: more than one @" }));
    }

    [Test]
    public async Task AfterNormalize_InvalidEmailIsNotMarkedTwice()
    {
        var record = await RunAsync(new ContactFields { Email = "jane@@acme.com", Phone = "+16502530000" });

        Assert.That(record.Errors, Is.EqualTo(new[] { "email_invalid: more than one @" }));
    }

    [TestCase("jane@gmail.com", "deliverable", "known_provider", null)]
    [TestCase("jane@acme.com", "unknown", "unverified", null)]
    [TestCase("jane@mailinator.com", "risky", "disposable", null)]
    [TestCase("info@acme.com", "risky", "role", null)]
    [TestCase("jane@gmial.com", "risky", "possible_typo", "jane@gmail.com")]
    [TestCase("jane@hotmail.con", "undeliverable", "invalid_syntax", "jane@hotmail.com")]
    [TestCase("jane@@gmial.com", "undeliverable", "invalid_syntax", null)]
    [TestCase("ja ne@gmial.com", "undeliverable", "invalid_syntax", null)]
    public async Task Email_GetsAnOfflineVerdictAndSuggestion(string email, string status, string reason, string? suggestion)
    {
        var record = await RunAsync(new ContactFields { Email = email, Phone = "+16502530000" });

        Assert.That(record.Get(OutputColumns.EmailStatus), Is.EqualTo(status));
        Assert.That(record.Get(OutputColumns.EmailReason), Is.EqualTo(reason));
        Assert.That(record.Get(OutputColumns.EmailSuggestion), Is.EqualTo(suggestion));
    }

    [Test]
    public async Task NoEmail_HasNoVerdict()
    {
        var record = await RunAsync(new ContactFields { Phone = "+16502530000" });

        Assert.That(record.Get(OutputColumns.EmailStatus), Is.Null);
        Assert.That(record.Get(OutputColumns.EmailReason), Is.Null);
        Assert.That(record.Get(OutputColumns.EmailCanonical), Is.Null);
    }

    [TestCase("John.Doe+Promo@GoogleMail.com", "johndoe@gmail.com")]
    [TestCase("Jane.Doe+x@acme.com", "jane.doe+x@acme.com")]
    [TestCase("broken@", null)]
    public async Task Email_GetsItsCanonicalForm(string email, string? expected)
    {
        var record = await RunAsync(new ContactFields { Email = email, Phone = "+16502530000" });

        Assert.That(record.Get(OutputColumns.EmailCanonical), Is.EqualTo(expected));
    }

    [TestCase("jane@mail.acme.co.uk", null, "acme.co.uk")]
    [TestCase("jane@gmial.com", null, null)]
    [TestCase("jane@gmial.com", "https://shop.acme.com.au/x", "acme.com.au")]
    public async Task CompanyDomain_IsTheRegistrableDomain(string email, string? website, string? expected)
    {
        var record = await RunAsync(new ContactFields { Email = email, Website = website });

        Assert.That(record.Get(OutputColumns.CompanyDomain), Is.EqualTo(expected));
    }

    [Test]
    public async Task CompanyName_IsNormalized()
    {
        var record = await RunAsync(new ContactFields { Email = "jane@acme.com", Company = "ACME GmbH" });

        Assert.That(record.Get(OutputColumns.CompanyNameNormalized), Is.EqualTo("Acme"));
    }

    [Test]
    public void ExtraColumns_AreTheVerdictCanonicalAndCompanyName()
    {
        Assert.That(new EmailProvider().ExtraColumns, Is.EqualTo(new[]
        {
            "email_status", "email_reason", "email_suggestion", "email_canonical", "company_name_normalized",
        }));
    }
}
