using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;
using Moq;

namespace Enrichment.Core.Tests.Providers;

public sealed class ProviderFactoryTests
{
    [TestCase("normalize", typeof(NormalizeProvider))]
    [TestCase("email", typeof(EmailProvider))]
    [TestCase(" Email ", typeof(EmailProvider))]
    public void OfferedName_CreatesProvider(string name, Type expected) =>
        Assert.That(new ProviderFactory().CreateChain([name]).Providers.Single(), Is.InstanceOf(expected));

    [Test]
    public void OfflineChain_LeavesOutTheProvidersThatAskTheNetwork_InTheGivenOrder()
    {
        var chain = ProviderFactory.OfflineChain(["mx", "email", "crm", "normalize"]);

        Assert.That(chain!.Providers.Select(p => p.Name), Is.EqualTo(new[] { EmailProvider.ProviderName, NormalizeProvider.ProviderName }));
        Assert.That(ProviderFactory.OfflineChain(["mx", "crm"]), Is.Null);
    }

    [Test]
    public void OfflineChain_MakesFreshInstances_NotTheJobsOwn()
    {
        var first = ProviderFactory.OfflineChain(["normalize"])!.Providers.Single();
        var second = ProviderFactory.OfflineChain(["normalize"])!.Providers.Single();

        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void CreateChain_KeepsConfiguredOrder()
    {
        var chain = new ProviderFactory().CreateChain(["email", "normalize"]);

        Assert.That(chain.Providers.Select(p => p.Name), Is.EqualTo(new[] { "email", "normalize" }));
    }

    [Test]
    public void CreateChain_RefusesAnUnknownName_ListingTheOfferedOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ProviderFactory().CreateChain(["normalize", "geocode"]));

        Assert.That(ex!.Message, Does.Contain("unknown provider 'geocode'").And.Contain("offered providers: email, mx, normalize"));
    }

    [TestCase("http:definitions/clearbit.json")]
    [TestCase("http:/etc/passwd")]
    [TestCase("normalize:GB")]
    [TestCase("../providers/x.json")]
    public void CreateChain_RefusesAnythingButAName_WithoutQuotingIt(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ProviderFactory().CreateChain(["normalize", name]));

        Assert.That(ex!.Message, Does.Contain("provider 2 is not a provider name").And.Not.Contain(name));
    }

    [Test]
    public void CreateChain_RefusesARepeatedName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ProviderFactory().CreateChain(["normalize", "email", "NORMALIZE"]));

        Assert.That(ex!.Message, Does.Contain("'normalize' is named twice"));
    }

    [Test]
    public void Register_OffersAnotherProviderByName()
    {
        var provider = Mock.Of<IDataProvider>(p => p.Name == "company" && p.ExtraColumns == Array.Empty<string>());
        var factory = new ProviderFactory().Register("company", () => provider);

        Assert.Multiple(() =>
        {
            Assert.That(factory.CreateChain(["company"]).Providers.Single(), Is.SameAs(provider));
            Assert.That(factory.KnownNames, Is.EqualTo(new[] { "company", "email", "mx", "normalize" }));
        });
    }

    [TestCase("http:x")]
    [TestCase("a/b")]
    [TestCase("1abc")]
    public void Register_RefusesAnythingButAName(string name) =>
        Assert.Throws<ArgumentException>(() => new ProviderFactory().Register(name, () => Mock.Of<IDataProvider>()));

    [Test]
    public async Task Normalize_ReadsNationalNumbersOfRecordsWithACountry()
    {
        var record = new ContactRecord(1, new ContactFields { Phone = "020 7946 0018", Country = "UK" });

        await new ProviderFactory().CreateChain(["normalize"]).RunAsync([record], CancellationToken.None);

        Assert.That(record.Get(OutputColumns.PhoneE164), Is.EqualTo("+442079460018"));
    }
}
