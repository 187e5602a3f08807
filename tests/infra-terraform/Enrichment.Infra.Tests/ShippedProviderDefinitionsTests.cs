using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Testing;

namespace Enrichment.Infra.Tests;

/// <summary>
/// The definitions in functions/providers/ go into every zip, and the deployed worker can read only the SSM
/// parameters under its own prefix: a shipped definition must name its key so that the worker finds it there.
/// </summary>
[TestFixture]
public sealed partial class ShippedProviderDefinitionsTests
{
    public static IEnumerable<TestCaseData> Definitions() =>
        Directory.GetFiles(TestPaths.InRepository("functions", "providers"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(Path.GetFileName(f)));

    [Test]
    public void TheTemplate_Ships()
    {
        Assert.That(Definitions().Select(d => Path.GetFileName((string)d.Arguments[0]!)), Does.Contain("example-person-api.json"));
    }

    [TestCaseSource(nameof(Definitions))]
    public void Definition_NamesItsKeyByARelativeParameter_AndHoldsNoKey(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;

        Assert.That(root.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(root.GetProperty("name").GetString(), Does.Match("^[a-z][a-z0-9_]*$"));
        if (!root.TryGetProperty("auth", out var auth))
        {
            return;
        }

        var properties = auth.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Multiple(() =>
        {
            // The stack sets no key variables (a value in Terraform would land in its state): SSM is the only source.
            Assert.That(properties, Does.Not.Contain("environmentVariable"), "a deployed worker has no key in its environment");
            Assert.That(properties, Is.SubsetOf(new[] { "header", "parameter", "prefix" }), "auth holds names, never a key");
            var parameter = auth.GetProperty("parameter").GetString();
            // Relative: resolved under the worker's ENRICHMENT_PARAMETER_PREFIX, the only path its role may read.
            Assert.That(parameter, Does.Match(ParameterName()), "an SSM name relative to the worker's prefix");
        });
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]
    private static partial Regex ParameterName();
}
