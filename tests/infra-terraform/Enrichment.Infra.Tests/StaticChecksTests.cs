using System.Text.RegularExpressions;
using Enrichment.Infra.Tests.Support;
using Enrichment.Testing;

namespace Enrichment.Infra.Tests;

/// <summary>Checks that need no emulator: formatting, validation and the layout rules of infra-terraform/.</summary>
[TestFixture]
public sealed class StaticChecksTests
{
    private static readonly string[] ModuleNames = ["api", "bucket", "control-table", "function", "queue", "state-machine"];

    private StackCopy _copy = null!;

    private static string ModuleRoot => TestPaths.InRepository("infra-terraform");

    private static IEnumerable<string> TerraformFiles =>
        Directory.EnumerateFiles(ModuleRoot, "*.tf", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.terraform/", StringComparison.Ordinal) && !f.EndsWith("_override.tf", StringComparison.Ordinal));

    [OneTimeSetUp]
    public void CopyStack() => _copy = StackCopy.Create();

    [OneTimeTearDown]
    public void DeleteCopy() => _copy.Dispose();

    [Test]
    public async Task Format_IsCanonicalEverywhere()
    {
        var result = await _copy.TerraformAsync(TimeSpan.FromMinutes(1), "fmt", "-check", "-recursive", "-diff", "-no-color");

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
    }

    [Test]
    public async Task RootModule_InitialisesFromTheMirrorAndValidates()
    {
        await _copy.InitAsync();
        var result = await _copy.TerraformAsync(TimeSpan.FromMinutes(2), "validate", "-no-color");

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
        Assert.That(result.StandardOutput, Does.Contain("The configuration is valid"));
    }

    [Test]
    public void EveryModule_HasTheStandardFiles()
    {
        Assert.Multiple(() =>
        {
            foreach (var module in ModuleNames)
            {
                foreach (var file in new[] { "main.tf", "variables.tf", "outputs.tf", "versions.tf" })
                {
                    Assert.That(File.Exists(Path.Combine(ModuleRoot, "modules", module, file)), Is.True, $"modules/{module}/{file}");
                }
            }

            Assert.That(Directory.GetDirectories(Path.Combine(ModuleRoot, "modules")).Select(Path.GetFileName), Is.EquivalentTo(ModuleNames));
        });
    }

    [Test]
    public void EveryVariable_IsTypedAndDescribed()
    {
        var variables = TerraformFiles.SelectMany(f => HclText.Blocks(File.ReadAllText(f), "variable").Select(b => (File: f, b.Label, b.Body))).ToList();

        Assert.That(variables, Has.Count.GreaterThan(40));
        Assert.Multiple(() =>
        {
            foreach (var (file, label, body) in variables)
            {
                var where = $"{Path.GetRelativePath(ModuleRoot, file)}: variable {label}";
                Assert.That(body, Does.Match(@"(?m)^\s*type\s*="), where + " has no type");
                Assert.That(body, Does.Match(@"(?m)^\s*description\s*=\s*""\S"), where + " has no description");
            }
        });
    }

    [Test]
    public void EveryOutput_IsDescribed()
    {
        var outputs = TerraformFiles.SelectMany(f => HclText.Blocks(File.ReadAllText(f), "output").Select(b => (File: f, b.Label, b.Body))).ToList();

        Assert.That(outputs, Has.Count.GreaterThan(20));
        Assert.Multiple(() =>
        {
            foreach (var (file, label, body) in outputs)
            {
                Assert.That(body, Does.Match(@"(?m)^\s*description\s*=\s*""\S"), $"{Path.GetRelativePath(ModuleRoot, file)}: output {label}");
            }
        });
    }

    [Test]
    public void RootModule_TakesRegionAccountAndPartitionFromDataSources()
    {
        var main = File.ReadAllText(Path.Combine(ModuleRoot, "main.tf"));

        Assert.Multiple(() =>
        {
            Assert.That(main, Does.Contain("data \"aws_partition\" \"current\""));
            Assert.That(main, Does.Contain("data \"aws_region\" \"current\""));
            Assert.That(main, Does.Contain("data \"aws_caller_identity\" \"current\""));
            // No hard-coded partition or account anywhere in the modules.
            foreach (var file in TerraformFiles)
            {
                var text = File.ReadAllText(file);
                Assert.That(text, Does.Not.Match(@"arn:aws:"), file);
                Assert.That(text, Does.Not.Match(@"\b\d{12}\b"), file);
            }
        });
    }

    [Test]
    public void BackendExample_UsesS3WithLocking_AndNoBackendIsActiveByDefault()
    {
        var example = File.ReadAllText(Path.Combine(ModuleRoot, "backend.s3.tf.example"));

        Assert.Multiple(() =>
        {
            Assert.That(example, Does.Contain("backend \"s3\""));
            Assert.That(example, Does.Match(@"use_lockfile\s*=\s*true"));
            Assert.That(example, Does.Contain("dynamodb_table"));
            Assert.That(example, Does.Match(@"encrypt\s*=\s*true"));
            foreach (var file in TerraformFiles)
            {
                Assert.That(Regex.IsMatch(File.ReadAllText(file), @"(?m)^\s*backend\s+"""), Is.False, $"{file} configures a backend");
            }
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void EnvironmentFile_NamesItsEnvironment(string environment)
    {
        var tfvars = File.ReadAllText(Path.Combine(ModuleRoot, "environments", environment + ".tfvars"));

        Assert.That(tfvars, Does.Match($@"(?m)^environment\s*=\s*""{environment}"""));
    }
}
