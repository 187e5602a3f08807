using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json;
using Enrichment.Infra.Tests.Support;
using Enrichment.Testing;
using Enrichment.Testing.Lambda;
using Enrichment.Testing.Moto;

namespace Enrichment.Infra.Tests.Artifacts;

/// <summary>
/// The zips deploy.sh really builds (Native AOT, built once per run: see <see cref="BuiltArtifacts"/>), each
/// unzipped and its bootstrap started as Lambda would start it, against a fake Runtime API on loopback, with the
/// environment the dev plan gives that function (only endpoint, region and credentials re-pointed at a moto
/// server of this fixture). This is what catches a broken zip layout or a bootstrap that cannot start.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")] // the bootstraps are linux-x64 executables
public sealed class ArtifactBootstrapTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private BuiltArtifacts _artifacts = null!;
    private JsonDocument _plan = null!;
    private MotoServer _moto = null!;
    private string _unzipped = null!;

    public static IEnumerable<TestCaseData> Functions() =>
        FunctionEvents.All.Select(e => new TestCaseData(e.Function)
            .SetName($"Artifact_{string.Concat(e.Function.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]))}_UnzipsToABootstrapWithTheProviderDefinitionsThatAnswersReportsErrorsAndKeepsServing"));

    [OneTimeSetUp]
    public async Task BuildPlanAndStartMotoAsync()
    {
        var build = BuiltArtifacts.GetAsync();
        var plans = PlannedStacks.GetAsync();
        _artifacts = await build;
        _plan = (await plans).Dev;
        _moto = await MotoServer.StartAsync();
        _unzipped = Path.Combine(Path.GetTempPath(), "enrichment-unzipped-" + Guid.NewGuid().ToString("N")[..12]);
        var tables = FunctionEvents.All.Select(e => PlannedFunctionEnvironment.Of(_plan, e.Function)["ENRICHMENT_TABLE"]).Distinct(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await PlannedFunctionEnvironment.CreateControlTableAsync(_plan, table, _moto);
        }
    }

    [OneTimeTearDown]
    public async Task StopMotoAsync()
    {
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }

        if (_unzipped is not null && Directory.Exists(_unzipped))
        {
            Directory.Delete(_unzipped, recursive: true);
        }
    }

    [TestCaseSource(nameof(Functions))]
    public async Task Artifact_UnzipsToABootstrapWithTheProviderDefinitionsThatAnswersReportsErrorsAndKeepsServing(string function)
    {
        var (_, validEvent, expected) = FunctionEvents.For(function);
        var zipPath = _artifacts.ZipOf(function);
        Assert.That(File.Exists(zipPath), Is.True, zipPath);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            var entry = zip.GetEntry("bootstrap");
            Assert.That(entry, Is.Not.Null, "bootstrap must be at the zip root; the zip holds " + string.Join(", ", zip.Entries.Take(20).Select(e => e.FullName)));
            Assert.That((entry!.ExternalAttributes >> 16) & Convert.ToInt32("111", 8), Is.EqualTo(Convert.ToInt32("111", 8)), "bootstrap must be stored executable");

            // Every function builds the provider chain, so every zip carries the shipped definitions, byte for byte.
            var shipped = Directory.GetFiles(TestPaths.InRepository("functions/providers"), "*.json").Order(StringComparer.Ordinal).ToList();
            Assert.That(shipped.Select(Path.GetFileName), Does.Contain("example-person-api.json"));
            foreach (var source in shipped)
            {
                var definition = zip.GetEntry("providers/" + Path.GetFileName(source));
                Assert.That(definition, Is.Not.Null, $"providers/{Path.GetFileName(source)} must ship next to bootstrap");
                using var reader = new StreamReader(definition!.Open());
                Assert.That(reader.ReadToEnd(), Is.EqualTo(File.ReadAllText(source)), Path.GetFileName(source));
            }
        }

        var directory = Path.Combine(_unzipped, function);
        ZipFile.ExtractToDirectory(zipPath, directory);
        var bootstrap = Path.Combine(directory, "bootstrap");
        Assert.That(File.GetUnixFileMode(bootstrap) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute), "unzipped bootstrap is executable");
        Assert.That(File.ReadAllBytes(bootstrap).Take(4), Is.EqualTo("\u007fELF"u8.ToArray()), "bootstrap is a native executable");

        var planned = PlannedFunctionEnvironment.Of(_plan, function);
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        await using var process = LambdaFunctionProcess.StartExecutable(
            bootstrap,
            runtime.RuntimeApi,
            [.. PlannedFunctionEnvironment.PointedAt(_moto, planned), ("LAMBDA_TASK_ROOT", directory)]);

        var first = await runtime.InvokeAsync(validEvent, Timeout);
        var broken = await runtime.InvokeAsync("this is not an event", Timeout);
        var again = await runtime.InvokeAsync(validEvent, Timeout);

        Assert.That(first.Succeeded, Is.True, first + "\n" + process.Output);
        Assert.That(Compact(first.Body), Does.Contain(expected), process.Output);
        Assert.That(broken.IsError, Is.True, broken + "\n" + process.Output);
        Assert.That(broken.ErrorMessage, Does.Not.Contain("this is not an event"), "error reports never echo the payload");
        Assert.That(again.Succeeded, Is.True, "the bootstrap keeps serving after an error\n" + again + "\n" + process.Output);
        Assert.That(Compact(again.Body), Is.EqualTo(Compact(first.Body)));
        Assert.That(process.HasExited, Is.False, "the bootstrap is still polling for the next event");
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
