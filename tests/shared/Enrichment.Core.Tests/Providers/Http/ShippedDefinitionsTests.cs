using Enrichment.Core.Providers.Http;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Providers.Http;

/// <summary>The definitions the repository ships (in the function zips and as samples) load as they are.</summary>
public sealed class ShippedDefinitionsTests
{
    private static IEnumerable<string> Definitions() =>
        new[] { "functions/providers", "samples/providers" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*.json"))
            .Select(path => Path.GetRelativePath(TestPaths.RepositoryRoot, path));

    [TestCaseSource(nameof(Definitions))]
    public void ShippedDefinition_LoadsWithoutErrors(string relativePath)
    {
        var definition = HttpProviderDefinitionLoader.Load(Path.Combine(TestPaths.RepositoryRoot, relativePath));

        Assert.That(HttpProviderDefinitionLoader.Validate(definition), Is.Empty);
        Assert.That(definition.Auth?.Parameter, Is.Not.Null.And.Not.StartsWith("/"), "shipped keys are named under the deployment's prefix");
    }

    [Test]
    public void ShippedDefinitions_AreFound()
    {
        Assert.That(Definitions().Count(), Is.GreaterThanOrEqualTo(2));
    }
}
