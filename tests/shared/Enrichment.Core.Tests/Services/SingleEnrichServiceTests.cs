using Enrichment.Core.Configuration;
using Enrichment.Core.Providers;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class SingleEnrichServiceTests
{
    private static readonly KeyValuePair<string, string?>[] Contact = [new("email", " Ann@Acme.COM "), new("country", "USA")];

    [Test]
    public async Task Enrich_LeavesExternalProvidersOfTheDefaultChainOut()
    {
        var (factory, provider) = SwitchableProvider.Register(new ProviderFactory());
        var service = new SingleEnrichService(factory, new EnrichmentOptions { DefaultProviders = ["normalize", "email", SwitchableProvider.Kind] });

        var result = (await service.EnrichAsync(Contact, providerNames: null, CancellationToken.None)).Value;

        Assert.That(provider.Seen, Is.Zero, "no paid call from the synchronous endpoint");
        Assert.That(result.Select(p => p.Key), Does.Not.Contain(SwitchableProvider.Column));
        Assert.That(result.Single(p => p.Key == "email_normalized").Value, Is.EqualTo("ann@acme.com"));
    }

    [Test]
    public async Task Enrich_NamingAnExternalProvider_IsABadRequestPointingAtJobs()
    {
        var (factory, provider) = SwitchableProvider.Register(new ProviderFactory());
        var service = new SingleEnrichService(factory, new EnrichmentOptions());

        var error = (await service.EnrichAsync(Contact, ["normalize", SwitchableProvider.Kind], CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.Invalid>());
        Assert.That(error!.Message, Does.Contain("offline providers only").And.Contain(SwitchableProvider.Kind).And.Contain("POST /jobs"));
        Assert.That(provider.Seen, Is.Zero);
    }

    [TestCase("geocode", "unknown provider 'geocode'")]
    [TestCase("http:/etc/passwd", "is not a provider name")]
    [TestCase("normalize,normalize", "named twice")]
    public async Task Enrich_ANameNotOffered_IsABadRequestInTheChoicesOwnWords(string names, string reason)
    {
        var service = new SingleEnrichService(new ProviderFactory(), new EnrichmentOptions());

        var error = (await service.EnrichAsync(Contact, names.Split(','), CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.Invalid>());
        Assert.That(error!.Message, Does.Contain(reason).And.Contain("offered providers").Or.Contain("named twice"));
        Assert.That(error!.Message, Does.Not.Contain("Parameter").And.Not.Contain("/etc"));
    }
}
