using Enrichment.Testing;

namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// The REAL function zips: the sources (functions/, shared/, infra-terraform/, the root build files and deploy.sh) copied to a
/// temp folder and built there by `deploy.sh --build-only`, exactly as a deployment builds them (Native AOT,
/// linux-x64). Native AOT of five functions takes minutes, so this happens once per test run and is shared.
/// </summary>
public sealed class BuiltArtifacts : IDisposable
{
    /// <summary>A loaded two-core machine needs several minutes per function; the limit only stops a hung build.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(45);

    private static readonly string[] RootFiles = ["deploy.sh", "Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt", "global.json", ".editorconfig", "NuGet.config", "nuget.config"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static BuiltArtifacts? Instance;

    private BuiltArtifacts(string root) => Root = root;

    /// <summary>The copied source tree (deploy.sh's ROOT).</summary>
    public string Root { get; }

    public string ArtifactsDirectory => Path.Combine(Root, "artifacts");

    public string ZipOf(string functionName) => Path.Combine(ArtifactsDirectory, functionName + ".zip");

    public static async Task<BuiltArtifacts> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return Instance ??= await BuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static void Release()
    {
        Instance?.Dispose();
        Instance = null;
    }

    /// <summary>Copies the sources deploy.sh builds from into a new temp folder (no bin/ or obj/ leftovers).</summary>
    public static string CopySources()
    {
        var root = Path.Combine(Path.GetTempPath(), "enrichment-build-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        foreach (var file in RootFiles)
        {
            var source = TestPaths.InRepository(file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(root, file));
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root, "deploy.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        }

        CopyDirectory(TestPaths.InRepository("functions"), Path.Combine(root, "functions"));
        CopyDirectory(TestPaths.InRepository("shared"), Path.Combine(root, "shared"));
        // deploy.sh checks the environment's tfvars even when it only builds.
        CopyDirectory(TestPaths.InRepository("infra-terraform"), Path.Combine(root, "infra-terraform"));
        return root;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the OS eventually.
        }
    }

    private static async Task<BuiltArtifacts> BuildAsync()
    {
        var built = new BuiltArtifacts(CopySources());
        try
        {
            var result = await CommandRunner.RunAsync("bash", [Path.Combine(built.Root, "deploy.sh"), "--build-only"], built.Root, new Dictionary<string, string?>(), BuildTimeout);
            if (!result.Succeeded)
            {
                Assert.Fail("deploy.sh --build-only failed:\n" + result.Describe());
            }

            return built;
        }
        catch
        {
            built.Dispose();
            throw;
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(directory);
            // Build output of the working tree must not leak into (or slow down) the clean build.
            if (name is "bin" or "obj" or "TestResults" or ".terraform" or "terraform.tfstate.d")
            {
                continue;
            }

            CopyDirectory(directory, Path.Combine(target, name));
        }
    }
}
