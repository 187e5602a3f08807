using Enrichment.Core.Configuration;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Mx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Core.Tests.Configuration;

/// <summary>The shared registration every host (the functions, the local host) starts from.</summary>
public sealed class CoreServiceCollectionExtensionsTests
{
    [Test]
    public void DefaultChain_MayIncludeEveryBuiltIn_MxToo()
    {
        var options = new EnrichmentOptions { DefaultProviders = ["normalize", "email", "mx"] };

        using var services = new ServiceCollection().AddEnrichmentCore(options, NullLogger.Instance, [], new MxSettings()).BuildServiceProvider();
        var chain = services.GetRequiredService<ProviderFactory>().CreateChain(options.DefaultProviders);

        Assert.That(chain.Providers.Select(p => p.Name), Is.EqualTo(new[] { "normalize", "email", "mx" }));
        Assert.That(chain.Providers[2], Is.InstanceOf<MxProvider>());
    }

    [Test]
    public void DefaultChain_WithANameNotOffered_RefusesToStart()
    {
        var options = new EnrichmentOptions { DefaultProviders = ["normalize", "whois"] };

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEnrichmentCore(options, NullLogger.Instance));

        Assert.That(error!.Message, Does.Contain("default provider chain cannot run"));
    }

    [Test]
    public void BuiltInNames_AreWhatAFactoryOffersWithoutHttpProviders()
    {
        Assert.That(new ProviderFactory().KnownNames, Is.EquivalentTo(ProviderFactory.BuiltInNames));
    }
}
