namespace Enrichment.Local.Tests;

/// <summary>A fresh data directory for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "enrichment-local-" + Guid.NewGuid().ToString("N"));

    /// <summary>A new, empty folder inside this one (one per test when a fixture shares the directory).</summary>
    public string Sub()
    {
        var path = System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the temp folder is cleaned by the OS eventually.
        }
    }
}
