using Enrichment.Core.Providers.Company;

namespace Enrichment.Core.Tests.Providers.Company;

public sealed class CompanyNamesTests
{
    [TestCase("Acme, Inc.", "Acme")]
    [TestCase("ACME GmbH", "Acme")]
    [TestCase("Acme Ltd.", "Acme")]
    [TestCase("Acme Holdings Co., Ltd.", "Acme Holdings")]
    [TestCase("Acme GmbH & Co. KG", "Acme")]
    [TestCase("Acme S.A. de C.V.", "Acme")]
    [TestCase("Acme sp. z o.o.", "Acme")]
    [TestCase("OOO Romashka", "Romashka")]
    [TestCase("PT Bank Central Asia Tbk", "Bank Central Asia")]
    [TestCase("IBM Corp", "IBM")]
    [TestCase("eBay Inc", "eBay")]
    [TestCase("acme corp", "Acme")]
    [TestCase("  Acme   Widgets  ", "Acme Widgets")]
    [TestCase("Inc.", "Inc.")]
    [TestCase("Acme,Inc.", "Acme")]
    [TestCase(",,,", ",,,")]
    [TestCase("Acme", "Acme")]
    public void Normalize_DropsLegalFormsAndRecasesShouting(string company, string expected)
    {
        Assert.That(CompanyNames.Normalize(company), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("   ")]
    public void Normalize_IsNullWithoutACompany(string? company)
    {
        Assert.That(CompanyNames.Normalize(company), Is.Null);
    }

    [Test]
    public void Normalize_OfANameOfManyWords_DropsItsFormAsAShortOneDoes()
    {
        var words = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Word{i}"));

        Assert.That(CompanyNames.Normalize(words + " GmbH"), Is.EqualTo(words));
        Assert.That(CompanyNames.Normalize("OOO " + words), Is.EqualTo(words));
    }

    [Test]
    public void Normalize_OfANameThatNeedsNoChange_ReturnsTheSameString()
    {
        var company = new string("Acme Widgets".AsSpan());

        Assert.That(CompanyNames.Normalize(company), Is.SameAs(company));
    }
}
