using Enrichment.Aws.Configuration;
using Enrichment.Core.Providers.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Aws.Tests.Configuration;

/// <summary>
/// A function's init (AddEnrichmentAws, run when the container starts) refuses a deployment whose
/// providers cannot run, so a broken definition or an unoffered default chain fails the deploy's
/// first invocation of any function instead of one request later.
/// </summary>
public sealed class FunctionInitTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "enrichment-init-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void Init_WithABrokenDefinition_Fails_NamingTheFile()
    {
        File.WriteAllText(Path.Combine(_folder, "broken.json"), "{ \"name\": \"broken\", \"endpoint\": 42 }");

        var error = Assert.Throws<HttpProviderDefinitionException>(() =>
            new ServiceCollection().AddEnrichmentAws(Environment((HttpProviderDefinitionDirectory.Variable, _folder)), NullLogger.Instance));

        Assert.That(error!.Message, Does.Contain("broken.json"));
    }

    [Test]
    public void Init_WithAMissingDefinitionFolder_Fails()
    {
        Assert.Throws<HttpProviderDefinitionException>(() =>
            new ServiceCollection().AddEnrichmentAws(Environment((HttpProviderDefinitionDirectory.Variable, Path.Combine(_folder, "missing"))), NullLogger.Instance));
    }

    [TestCase("geocode", "unknown provider 'geocode'")]
    [TestCase("normalize,normalize", "named twice")]
    [TestCase("http:providers/example-person-api.json", "is not a provider name")]
    public void Init_WithADefaultChainItDoesNotOffer_Fails(string chain, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddEnrichmentAws(Environment(("ENRICHMENT_PROVIDERS", chain), (HttpProviderDefinitionDirectory.Variable, _folder)), NullLogger.Instance));

        Assert.That(error!.Message, Does.Contain("default provider chain cannot run").And.Contain(reason));
    }
}
