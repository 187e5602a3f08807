using System.IO.Compression;
using System.Text;

namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// PLACEHOLDER function zips: a tiny shell script named bootstrap, not the real functions. moto stores
/// Lambda code without running it, so these are enough to apply the stack; the real build is checked elsewhere.
/// </summary>
public static class PlaceholderArtifacts
{
    public static readonly IReadOnlyList<string> FunctionNames = ["api", "split", "worker", "check-completion", "aggregate", "webhook"];

    public static void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in FunctionNames)
        {
            using var zip = ZipFile.Open(Path.Combine(directory, name + ".zip"), ZipArchiveMode.Create);
            var entry = zip.CreateEntry("bootstrap");
            // Unix mode -rwxr-xr-x in the high 16 bits, as Lambda expects for bootstrap.
            entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
            using var stream = entry.Open();
            stream.Write(Encoding.ASCII.GetBytes($"#!/bin/sh\necho 'placeholder {name} artifact for infrastructure tests' >&2\nexit 1\n"));
        }
    }
}
