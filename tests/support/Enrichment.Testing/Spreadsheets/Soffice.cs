using System.Diagnostics;

namespace Enrichment.Testing.Spreadsheets;

/// <summary>
/// LibreOffice in headless mode, the independent tool that makes the test workbooks and reads the
/// product's own back. Each call gets its own user profile, so test projects running at the same
/// time do not block on one profile's lock. `.ci/run` installs it (Debian's libreoffice-calc-nogui).
/// </summary>
public static class Soffice
{
    /// <summary>CSV export as UTF-8, comma-separated, double-quoted (LibreOffice's filter options 44,34,76).</summary>
    public const string Utf8Csv = "csv:Text - txt - csv (StarCalc):44,34,76,1";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Converts each file into <paramref name="outputDirectory"/> as <paramref name="format"/> (xlsx, csv); returns the new paths.</summary>
    public static async Task<IReadOnlyList<string>> ConvertAsync(IReadOnlyList<string> inputs, string format, string outputDirectory)
    {
        var executable = Find() ?? throw new InvalidOperationException(
            "LibreOffice (soffice) is needed for the spreadsheet tests: apt-get install -y libreoffice-calc-nogui (as .ci/run does)");
        var profile = Path.Combine(Path.GetTempPath(), $"enrichment-soffice-{Guid.NewGuid():N}");
        Directory.CreateDirectory(outputDirectory);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", format, "--outdir", outputDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var input in inputs)
        {
            start.ArgumentList.Add(input);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"soffice did not finish converting to {format} within {Timeout}");
            }

            var extension = "." + format.Split(':')[0];
            var outputs = inputs.Select(input => Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(input) + extension)).ToArray();
            var missing = outputs.FirstOrDefault(path => !File.Exists(path));
            if (process.ExitCode != 0 || missing is not null)
            {
                throw new InvalidOperationException($"soffice failed (exit {process.ExitCode}, missing {missing}): {await stdout} {await stderr}");
            }

            return outputs;
        }
        finally
        {
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "soffice"))
            .FirstOrDefault(File.Exists);
}
