using Enrichment.Infra.Tests.Support;

namespace Enrichment.Infra.Tests;

/// <summary>deploy.sh run from a temp copy of the repository: argument errors, and a plan against the emulator.</summary>
[TestFixture]
public sealed class DeployScriptTests
{
    private StackCopy _copy = null!;

    [OneTimeSetUp]
    public void CopyRepository()
    {
        _ = TerraformToolchain.TerraformPath;
        _copy = StackCopy.Create(withPlaceholderArtifacts: false);
    }

    [OneTimeTearDown]
    public void DeleteCopy() => _copy.Dispose();

    [Test]
    public async Task Help_DescribesEveryOption_AndExitsZero()
    {
        var result = await DeployAsync("--help");

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
        Assert.That(result.StandardOutput, Does.StartWith("Usage: ./deploy.sh"));
        foreach (var option in new[] { "--env", "--arch", "--skip-build", "--plan", "--destroy", "--endpoint" })
        {
            Assert.That(result.StandardOutput, Does.Contain(option));
        }
    }

    [TestCase("--bogus", "unknown argument '--bogus'")]
    [TestCase("--env qa", "no environment 'qa'")]
    [TestCase("--env", "--env needs a value")]
    [TestCase("--arch sparc", "--arch must be x86_64 or arm64")]
    [TestCase("--endpoint not-a-url", "--endpoint must be an http:// or https:// URL")]
    [TestCase("--plan --destroy", "cannot be combined")]
    public async Task BadArguments_FailWithOneReadableLine(string arguments, string message)
    {
        var result = await DeployAsync(arguments.Split(' '));

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.Describe());
        Assert.That(lines[0], Does.StartWith("deploy.sh: error: ").And.Contain(message));
    }

    [Test]
    public async Task DestroyWithoutYesOnANonInteractiveTerminal_RefusesBeforeTouchingAnything()
    {
        var result = await DeployAsync("--destroy", "--endpoint", "http://127.0.0.1:9");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        Assert.That(result.StandardError, Does.Contain("pass --yes to go ahead"));
        Assert.That(result.StandardError, Does.Not.Contain("terraform init"));
        Assert.That(File.Exists(_copy.OverrideFile), Is.False);
    }

    [Test]
    public async Task SkipBuildWithoutArtifacts_NamesTheMissingZip()
    {
        Assert.That(Directory.Exists(_copy.ArtifactsDirectory), Is.False);
        var result = await DeployAsync("--plan", "--skip-build", "--endpoint", "http://127.0.0.1:9");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        Assert.That(result.StandardError, Does.Contain("artifacts/api.zip is missing"));
        Assert.That(File.Exists(_copy.OverrideFile), Is.False);
    }

    [Test]
    public async Task PlanAgainstTheEmulator_Succeeds_AndLeavesNoOverrideBehind()
    {
        var (_, proxy) = await SharedEmulator.GetAsync();
        PlaceholderArtifacts.WriteTo(_copy.ArtifactsDirectory);
        try
        {
            // The gap proxy forwards every service to moto, so it works as the one emulator endpoint.
            var result = await DeployAsync("--plan", "--skip-build", "--env", "dev", "--endpoint", proxy.Endpoint.ToString().TrimEnd('/'));

            Assert.That(result.ExitCode, Is.Zero, result.Describe());
            Assert.That(result.StandardOutput, Does.Contain("Plan: ").And.Contain(" to add"));
            Assert.That(result.StandardError, Does.Contain("plan only: nothing applied"));
            Assert.That(File.Exists(_copy.OverrideFile), Is.False, "the emulator override must not outlive the run");
            Assert.That(Directory.Exists(Path.Combine(_copy.ModuleDirectory, "terraform.tfstate.d", "emulator-dev")), Is.True, "emulator runs use their own workspace");
        }
        finally
        {
            Directory.Delete(_copy.ArtifactsDirectory, recursive: true);
        }
    }

    private Task<CommandResult> DeployAsync(params string[] arguments)
    {
        // deploy.sh must find the mirror on its own; a CLI config that is named but missing counts as none.
        var environment = new Dictionary<string, string?>(_copy.Environment) { ["TF_CLI_CONFIG_FILE"] = Path.Combine(_copy.Root, "no-such-terraformrc") };
        return CommandRunner.RunAsync("bash", [_copy.DeployScript, .. arguments], _copy.Root, environment, TimeSpan.FromMinutes(4));
    }
}
