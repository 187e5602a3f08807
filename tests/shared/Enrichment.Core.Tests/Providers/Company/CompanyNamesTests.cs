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
}
