using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class CountryCodesTests
{
    [TestCase("US", "US")]
    [TestCase("us", "US")]
    [TestCase("USA", "US")]
    [TestCase("U.S.A.", "US")]
    [TestCase("U.S.", "US")]
    [TestCase("United States", "US")]
    [TestCase("united states of america", "US")]
    [TestCase("  The United States  ", "US")]
    [TestCase("GB", "GB")]
    [TestCase("GBR", "GB")]
    [TestCase("United Kingdom", "GB")]
    [TestCase("UK", "GB")]
    [TestCase("Great Britain", "GB")]
    [TestCase("England", "GB")]
    [TestCase("scotland", "GB")]
    [TestCase("DE", "DE")]
    [TestCase("DEU", "DE")]
    [TestCase("Germany", "DE")]
    [TestCase("Deutschland", "DE")]
    [TestCase("Holland", "NL")]
    [TestCase("the Netherlands", "NL")]
    [TestCase("Netherlands, The", "NL")]
    [TestCase("South Korea", "KR")]
    [TestCase("Korea, Republic of", "KR")]
    [TestCase("North Korea", "KP")]
    [TestCase("Russia", "RU")]
    [TestCase("Russian Federation", "RU")]
    [TestCase("Czechia", "CZ")]
    [TestCase("Czech Republic", "CZ")]
    [TestCase("Côte d'Ivoire", "CI")]
    [TestCase("Cote d'Ivoire", "CI")]
    [TestCase("Ivory Coast", "CI")]
    [TestCase("Bosnia & Herzegovina", "BA")]
    [TestCase("Bosnia and Herzegovina", "BA")]
    [TestCase("Trinidad & Tobago", "TT")]
    [TestCase("Türkiye", "TR")]
    [TestCase("TURKEY", "TR")]
    [TestCase("Viet Nam", "VN")]
    [TestCase("Vietnam", "VN")]
    [TestCase("Iran", "IR")]
    [TestCase("Bolivia", "BO")]
    [TestCase("Taiwan", "TW")]
    [TestCase("Åland Islands", "AX")]
    [TestCase("México", "MX")]
    [TestCase("España", "ES")]
    [TestCase("Schweiz", "CH")]
    [TestCase("日本", "JP")]
    [TestCase("Burma", "MM")]
    [TestCase("Kosovo", "XK")]
    [TestCase("fra", "FR")]
    [TestCase("in", "IN")]
    [TestCase("Brasil", "BR")]
    [TestCase("Eswatini", "SZ")]
    [TestCase("Swaziland", "SZ")]
    public void KnownText_MapsToAlpha2(string text, string expected) =>
        Assert.That(CountryCodes.ToAlpha2(text), Is.EqualTo(expected));

    [TestCase("Atlantis")]
    [TestCase("XX")]
    [TestCase("ZZZ")]
    [TestCase("123")]
    [TestCase("...")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public void UnknownText_GivesNull(string? text) =>
        Assert.That(CountryCodes.ToAlpha2(text), Is.Null);

    [Test]
    public void VeryLongText_GivesNull() =>
        Assert.That(CountryCodes.ToAlpha2(new string('a', 10_000)), Is.Null);

    [Test]
    public void Table_HasEveryIsoCountryAndEachCodeMapsToItself()
    {
        Assert.That(CountryCodes.Alpha2Codes, Has.Count.EqualTo(250));
        Assert.Multiple(() =>
        {
            foreach (var code in CountryCodes.Alpha2Codes)
            {
                Assert.That(CountryCodes.ToAlpha2(code), Is.EqualTo(code), code);
            }
        });
    }

    [Test]
    public void EveryIsoName_MapsToItsOwnCode()
    {
        Assert.Multiple(() =>
        {
            foreach (var entry in CountryData.Entries)
            {
                foreach (var name in entry.Names.Split('|'))
                {
                    Assert.That(CountryCodes.ToAlpha2(name), Is.EqualTo(entry.Alpha2), name);
                }

                Assert.That(CountryCodes.ToAlpha2(entry.Alpha3.ToLowerInvariant()), Is.EqualTo(entry.Alpha2), entry.Alpha3);
            }
        });
    }
}
