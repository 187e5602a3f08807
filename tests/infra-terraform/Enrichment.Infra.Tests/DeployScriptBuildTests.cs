using System.IO.Compression;
using Enrichment.Infra.Tests.Support;
using Enrichment.Testing;

namespace Enrichment.Infra.Tests;

/// <summary>
/// deploy.sh --build-only with a stand-in `dotnet` first on PATH (it records its arguments and writes a
/// bootstrap file), so the packaging is checked without the function projects: what is published, how it is
/// zipped (provider definitions included), that zips are reproducible, and that a broken definition stops it.
/// </summary>
[TestFixture]
public sealed class DeployScriptBuildTests
{
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        # Stand-in for `dotnet publish <project> ... -r <rid> ... -o <dir>`.
        set -euo pipefail
        echo "$*" >> "$FAKE_DOTNET_LOG"
        out=""; prev=""
        for arg in "$@"; do
          [[ "$prev" == "-o" ]] && out="$arg"
          prev="$arg"
        done
        mkdir -p "$out"
        printf 'binary of %s\n' "$2" > "$out/bootstrap"
        printf 'symbols\n' > "$out/bootstrap.pdb"
        printf 'library\n' > "$out/Enrichment.Core.dll"
        # What functions/Directory.Build.props does, unless the test breaks it on purpose.
        definitions="$(dirname "$2")/providers"
        if [[ -d "$definitions" && -z "${FAKE_DOTNET_SKIP_DEFINITIONS:-}" ]]; then
          mkdir -p "$out/providers"
          cp "$definitions"/*.json "$out/providers/"
        fi
        """;

    private StackCopy _copy = null!;
    private string _binDirectory = null!;
    private string _log = null!;

    [OneTimeSetUp]
    public void CreateCopyWithStandInDotnet()
    {
        _copy = StackCopy.Create(withPlaceholderArtifacts: false);
        // Every function project the repository has (deploy.sh refuses a listed project it cannot find).
        foreach (var project in Directory.GetDirectories(TestPaths.InRepository("functions"), "Enrichment.*"))
        {
            Directory.CreateDirectory(Path.Combine(_copy.Root, "functions", Path.GetFileName(project)));
        }

        _binDirectory = Path.Combine(_copy.Root, "fake-bin");
        Directory.CreateDirectory(_binDirectory);
        var dotnet = Path.Combine(_binDirectory, "dotnet");
        File.WriteAllText(dotnet, FakeDotnet.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dotnet, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        _log = Path.Combine(_copy.Root, "dotnet.log");
    }

    [OneTimeTearDown]
    public void DeleteCopy() => _copy.Dispose();

    [SetUp]
    public void ForgetEarlierRuns()
    {
        File.Delete(_log);
        if (Directory.Exists(_copy.ArtifactsDirectory))
        {
            Directory.Delete(_copy.ArtifactsDirectory, recursive: true);
        }
    }

    [Test]
    public async Task BuildOnly_ZipsEachFunctionWithAnExecutableBootstrapAtTheRoot()
    {
        var result = await DeployAsync("--build-only");

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
        Assert.Multiple(() =>
        {
            foreach (var name in PlaceholderArtifacts.FunctionNames)
            {
                using var zip = ZipFile.OpenRead(Path.Combine(_copy.ArtifactsDirectory, name + ".zip"));
                var bootstrap = zip.GetEntry("bootstrap");
                Assert.That(bootstrap, Is.Not.Null, name);
                Assert.That((bootstrap!.ExternalAttributes >> 16) & Convert.ToInt32("777", 8), Is.EqualTo(Convert.ToInt32("755", 8)), name + ": bootstrap must be executable");
                Assert.That(zip.Entries.Select(e => e.FullName), Does.Contain("Enrichment.Core.dll"), name);
                Assert.That(zip.Entries.Select(e => e.FullName), Has.None.EndsWith(".pdb"), name);
            }
        });
    }

    [Test]
    public async Task BuildOnly_PublishesNativeAotForX64ByDefault()
    {
        var result = await DeployAsync("--build-only");
        var calls = File.ReadAllLines(_log);

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
        Assert.That(calls, Has.Length.EqualTo(6), "one publish per function");
        Assert.Multiple(() =>
        {
            Assert.That(calls, Has.All.StartsWith("publish "));
            Assert.That(calls, Has.All.Contain("-c Release -r linux-x64 -p:PublishAot=true"));
            Assert.That(calls.Select(c => c.Split(' ')[1]), Has.Some.EndsWith("/functions/Enrichment.CheckCompletion"));
        });
    }

    [Test]
    public async Task BuildOnly_Arm64_PublishesSelfContainedReadyToRun()
    {
        var result = await DeployAsync("--build-only", "--arch", "arm64");
        var calls = File.ReadAllLines(_log);

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
        Assert.That(calls, Has.All.Contain("-r linux-arm64 --self-contained true -p:PublishAot=false -p:PublishReadyToRun=true"));
    }

    [Test]
    public async Task BuildOnly_TwiceGivesByteIdenticalZips_SoTerraformSeesNoChange()
    {
        var first = await DeployAsync("--build-only");
        var before = PlaceholderArtifacts.FunctionNames.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(_copy.ArtifactsDirectory, n + ".zip")));
        var second = await DeployAsync("--build-only");

        Assert.That(first.ExitCode, Is.Zero, first.Describe());
        Assert.That(second.ExitCode, Is.Zero, second.Describe());
        foreach (var (name, bytes) in before)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_copy.ArtifactsDirectory, name + ".zip")), Is.EqualTo(bytes), name);
        }
    }

    [Test]
    public async Task BuildOnly_WithAMissingProject_NamesIt()
    {
        var project = Path.Combine(_copy.Root, "functions", "Enrichment.Worker");
        Directory.Delete(project);
        try
        {
            var result = await DeployAsync("--build-only");

            Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
            Assert.That(result.StandardError, Does.Contain("functions/Enrichment.Worker does not exist"));
        }
        finally
        {
            Directory.CreateDirectory(project);
        }
    }

    [Test]
    public async Task BuildOnly_ZipsTheProviderDefinitionsUnderProviders_Reproducibly()
    {
        using var definitions = ProviderDefinitions.Create(_copy.Root, ("example-person-api.json", ValidDefinition));
        var first = await DeployAsync("--build-only");
        var before = PlaceholderArtifacts.FunctionNames.ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(_copy.ArtifactsDirectory, n + ".zip")));
        var second = await DeployAsync("--build-only");

        Assert.That(first.ExitCode, Is.Zero, first.Describe());
        Assert.That(second.ExitCode, Is.Zero, second.Describe());
        Assert.Multiple(() =>
        {
            foreach (var name in PlaceholderArtifacts.FunctionNames)
            {
                using var zip = ZipFile.OpenRead(Path.Combine(_copy.ArtifactsDirectory, name + ".zip"));
                var entry = zip.GetEntry("providers/example-person-api.json");
                Assert.That(entry, Is.Not.Null, name);
                Assert.That((entry!.ExternalAttributes >> 16) & Convert.ToInt32("777", 8), Is.EqualTo(Convert.ToInt32("644", 8)), name + ": a definition is plain data");
                using var reader = new StreamReader(entry.Open());
                Assert.That(reader.ReadToEnd(), Is.EqualTo(ValidDefinition), name);
                Assert.That(File.ReadAllBytes(Path.Combine(_copy.ArtifactsDirectory, name + ".zip")), Is.EqualTo(before[name]), name + ": byte-identical on the second build");
            }
        });
    }

    [TestCase("{\n  \"name\": \"broken\",\n  \"endpoint\" \"https://api.example.com\"\n}\n", "is not valid JSON (line 3")]
    [TestCase("", "is not valid JSON (line 1")]
    [TestCase("[{\"name\": \"listed\"}]", "is not a JSON object")]
    public async Task BuildOnly_WithADefinitionThatIsNotAJsonObject_RefusesInOneLineNamingIt_BeforePublishing(string content, string problem)
    {
        using var definitions = ProviderDefinitions.Create(_copy.Root, ("example-person-api.json", ValidDefinition), ("broken-api.json", content));

        var result = await DeployAsync("--build-only");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), result.Describe());
        Assert.That(lines[0], Does.StartWith("deploy.sh: error: functions/providers/broken-api.json ").And.Contain(problem));
        Assert.That(File.Exists(_log), Is.False, "nothing was published");
        Assert.That(Directory.Exists(_copy.ArtifactsDirectory), Is.False, "nothing was packaged");
    }

    [Test]
    public async Task BuildOnly_WhenThePublishLeavesADefinitionOut_NamesTheFunctionAndTheFile()
    {
        using var definitions = ProviderDefinitions.Create(_copy.Root, ("example-person-api.json", ValidDefinition));

        var result = await DeployAsync(new Dictionary<string, string?> { ["FAKE_DOTNET_SKIP_DEFINITIONS"] = "1" }, "--build-only");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        Assert.That(result.StandardError, Does.Contain("deploy.sh: error: api was published without providers/example-person-api.json"));
    }

    private const string ValidDefinition = """
        {
          "name": "exampleperson",
          "endpoint": "https://api.example.com/v1/person",
          "request": { "email": "Email" },
          "response": { "job_title": { "path": "employment.title" } }
        }

        """;

    private Task<CommandResult> DeployAsync(params string[] arguments) => DeployAsync(new Dictionary<string, string?>(), arguments);

    private Task<CommandResult> DeployAsync(IReadOnlyDictionary<string, string?> extra, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(_copy.Environment)
        {
            ["PATH"] = _binDirectory + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
            ["FAKE_DOTNET_LOG"] = _log,
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return CommandRunner.RunAsync("bash", [_copy.DeployScript, .. arguments], _copy.Root, environment, TimeSpan.FromMinutes(2));
    }

    /// <summary>functions/providers/ of the copy for one test; removed again so the other tests ship no definitions.</summary>
    private sealed class ProviderDefinitions : IDisposable
    {
        private readonly string _directory;

        private ProviderDefinitions(string directory) => _directory = directory;

        public static ProviderDefinitions Create(string root, params (string Name, string Content)[] files)
        {
            var directory = Path.Combine(root, "functions", "providers");
            Directory.CreateDirectory(directory);
            foreach (var (name, content) in files)
            {
                File.WriteAllText(Path.Combine(directory, name), content);
            }

            return new ProviderDefinitions(directory);
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
