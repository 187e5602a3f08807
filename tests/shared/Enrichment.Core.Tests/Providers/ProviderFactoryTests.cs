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
    public void KnownName_CreatesProvider(string name, Type expected) =>
        Assert.That(new ProviderFactory().Create(name), Is.InstanceOf(expected));

    [Test]
    public void CreateChain_KeepsConfiguredOrder()
    {
        var chain = new ProviderFactory().CreateChain(["email", "normalize"]);

        Assert.That(chain.Providers.Select(p => p.Name), Is.EqualTo(new[] { "email", "normalize" }));
    }

    [TestCase("geocode")]
    [TestCase("geocode:clearbit.json")]
    public void UnknownName_ThrowsNamingItAndListingKnownOnes(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ProviderFactory().CreateChain(["normalize", name]));

        Assert.That(ex!.Message, Does.Contain($"'{name}'").And.Contain("email, http, normalize"));
    }

    [TestCase("")]
    [TestCase("  ")]
    public void BlankName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new ProviderFactory().Create(name));

    [Test]
    public void RegisteredKind_ReceivesTheArgumentAfterTheColon()
    {
        ProviderSpec? received = null;
        var provider = Mock.Of<IDataProvider>(p => p.Name == "http");
        var factory = new ProviderFactory().Register("http", spec =>
        {
            received = spec;
            return provider;
        });

        var created = factory.Create("http:definitions/company.json");

        Assert.That(created, Is.SameAs(provider));
        Assert.That(received, Is.EqualTo(new ProviderSpec("http:definitions/company.json", "http", "definitions/company.json")));
        Assert.That(factory.KnownNames, Is.EqualTo(new[] { "email", "http", "normalize" }));
    }

    [Test]
    public void Register_RejectsKindWithColon() =>
        Assert.Throws<ArgumentException>(() => new ProviderFactory().Register("http:x", _ => Mock.Of<IDataProvider>()));

    [Test]
    public async Task NormalizeWithRegion_ReadsNationalNumbersInThatRegion()
    {
        var record = new ContactRecord(1, new ContactFields { Phone = "020 7946 0018" });

        await new ProviderFactory().CreateChain(["normalize:gb"]).RunAsync([record], CancellationToken.None);

        Assert.That(record.Get(OutputColumns.PhoneE164), Is.EqualTo("+442079460018"));
    }

    [Test]
    public void NormalizeWithUnknownRegion_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ProviderFactory().Create("normalize:XX"));

        Assert.That(ex!.Message, Does.Contain("normalize:XX"));
    }
}
