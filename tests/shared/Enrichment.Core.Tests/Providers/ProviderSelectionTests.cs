using Enrichment.Core.Providers;

namespace Enrichment.Core.Tests.Providers;

public sealed class ProviderSelectionTests
{
    private static readonly string[] Offered = ["normalize", "email", "fakeperson"];

    [Test]
    public void Choose_ReturnsTheOfferedSpellingInTheRequestedOrder()
    {
        var choice = ProviderSelection.Choose([" Email", "FAKEPERSON", "normalize "], Offered);

        Assert.Multiple(() =>
        {
            Assert.That(choice.Error, Is.Null);
            Assert.That(choice.Names, Is.EqualTo(new[] { "email", "fakeperson", "normalize" }));
        });
    }

    [TestCase("geocode", "unknown provider 'geocode'")]
    [TestCase("", "provider 1 is empty")]
    [TestCase("  ", "provider 1 is empty")]
    [TestCase(null, "provider 1 is empty")]
    [TestCase("http:/etc/passwd", "provider 1 is not a provider name")]
    [TestCase("../../etc/passwd", "provider 1 is not a provider name")]
    [TestCase("https://evil.example/p.json", "provider 1 is not a provider name")]
    [TestCase("/var/task/providers/x.json", "provider 1 is not a provider name")]
    [TestCase("fakeperson.json", "unknown provider 'fakeperson.json'")]
    public void Choose_RefusesWhatIsNotAnOfferedName_ListingTheOffer(string? name, string reason)
    {
        var choice = ProviderSelection.Choose([name], Offered);

        Assert.Multiple(() =>
        {
            Assert.That(choice.Names, Is.Null);
            Assert.That(choice.Error, Does.Contain(reason).And.Contain("offered providers: email, fakeperson, normalize"));
            Assert.That(choice.Error, Does.Not.Contain("/").And.Not.Contain("passwd"));
        });
    }

    [Test]
    public void Choose_RefusesAnOverlongName_WithoutQuotingIt()
    {
        var name = new string('a', ProviderSelection.MaxNameLength + 1);

        var choice = ProviderSelection.Choose([name], Offered);

        Assert.That(choice.Error, Does.Contain("is not a provider name").And.Not.Contain(name));
    }

    [Test]
    public void Choose_RefusesARepeat_WhateverItsCase()
    {
        var choice = ProviderSelection.Choose(["normalize", "email", "Normalize"], Offered);

        Assert.That(choice.Error, Is.EqualTo("provider 'normalize' is named twice; name each provider once"));
    }

    [Test]
    public void Choose_RefusesMoreThanTheLimit_BeforeLookingAtNames()
    {
        var many = Enumerable.Repeat("normalize", ProviderSelection.MaxProviders + 1).ToArray();

        var choice = ProviderSelection.Choose(many, Offered);

        Assert.That(choice.Error, Does.StartWith($"at most {ProviderSelection.MaxProviders} providers may be named, not {ProviderSelection.MaxProviders + 1}"));
    }

    [Test]
    public void Choose_RefusesAnEmptyList() =>
        Assert.That(ProviderSelection.Choose([], Offered).Error, Does.StartWith("name at least one provider"));

    [TestCase(null, null)]
    [TestCase("", null)]
    [TestCase("  ", null)]
    [TestCase("normalize", new[] { "normalize" })]
    [TestCase(" normalize , email ", new[] { "normalize", "email" })]
    [TestCase("normalize,,email", new[] { "normalize", "", "email" })]
    [TestCase("normalize,", new[] { "normalize", "" })]
    public void ParseList_KeepsEmptyEntriesForTheCheckToRefuse(string? text, string[]? expected) =>
        Assert.That(ProviderSelection.ParseList(text), Is.EqualTo(expected));

    [TestCase("mx,email")]
    [TestCase("normalize,mx,email")]
    public void Choose_RefusesMxBeforeEmail_WhoseVerdictItRefines(string names)
    {
        var choice = ProviderSelection.Choose(names.Split(','), ["normalize", "email", "mx"]);

        Assert.That(choice.Names, Is.Null);
        Assert.That(choice.Error, Does.Contain("'mx' refines the verdict of 'email' and must come after it"));
    }

    [TestCase("normalize,email,mx")]
    [TestCase("normalize,mx")]
    [TestCase("email,mx,normalize")]
    public void Choose_TakesMxAfterEmailOrWithoutIt(string names)
    {
        Assert.That(ProviderSelection.Choose(names.Split(','), ["normalize", "email", "mx"]).Names, Is.EqualTo(names.Split(',')));
    }
}
