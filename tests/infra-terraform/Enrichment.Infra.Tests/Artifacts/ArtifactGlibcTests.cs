using System.Globalization;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Enrichment.Infra.Tests.Support;

namespace Enrichment.Infra.Tests.Artifacts;

/// <summary>
/// The AOT bootstraps are linked on this build machine's distribution, whose glibc is newer than the one
/// provided.al2023 runs them with (2.34). A binary that asks for a newer symbol version starts here and fails
/// on Lambda with "version `GLIBC_2.3x' not found", so every bootstrap's version needs are read with readelf.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")]
public sealed partial class ArtifactGlibcTests
{
    /// <summary>Amazon Linux 2023's glibc.</summary>
    private static readonly Version Al2023Glibc = new(2, 34);

    private BuiltArtifacts _artifacts = null!;
    private string _unzipped = null!;

    public static IEnumerable<TestCaseData> Functions() =>
        FunctionEvents.All.Select(e => new TestCaseData(e.Function)
            .SetName($"Artifact_{string.Concat(e.Function.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]))}_NeedsNoGlibcNewerThanAmazonLinux2023s"));

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _artifacts = await BuiltArtifacts.GetAsync();
        _unzipped = Path.Combine(Path.GetTempPath(), "enrichment-glibc-" + Guid.NewGuid().ToString("N")[..12]);
    }

    [OneTimeTearDown]
    public void DeleteUnzipped()
    {
        if (_unzipped is not null && Directory.Exists(_unzipped))
        {
            Directory.Delete(_unzipped, recursive: true);
        }
    }

    [TestCaseSource(nameof(Functions))]
    public async Task Artifact_NeedsNoGlibcNewerThanAmazonLinux2023s(string function)
    {
        var directory = Path.Combine(_unzipped, function);
        ZipFile.ExtractToDirectory(_artifacts.ZipOf(function), directory);
        var bootstrap = Path.Combine(directory, "bootstrap");

        var readelf = await CommandRunner.RunAsync("readelf", ["--version-info", "--wide", bootstrap], directory, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.That(readelf.Succeeded, Is.True, readelf.Describe());

        var needed = GlibcVersion().Matches(readelf.StandardOutput)
            .Select(m => new Version(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();

        // A bootstrap that names no glibc version at all would mean readelf read something else.
        Assert.That(needed, Is.Not.Empty, "the bootstrap links glibc dynamically, so readelf lists GLIBC_ versions");
        Assert.That(needed.Where(v => v > Al2023Glibc), Is.Empty, $"{function}'s bootstrap needs glibc {needed.Max()}, newer than provided.al2023's {Al2023Glibc}");
    }

    [GeneratedRegex(@"GLIBC_(\d+)\.(\d+)")]
    private static partial Regex GlibcVersion();
}
