using System.Diagnostics;
using System.Text;
using Enrichment.Local.Host.Cli;

namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>
/// `enrich` as it looks on a real terminal (a pseudo-terminal from util-linux `script`) and when its
/// output is redirected: a live bar and a coloured table, a table with no escape sequences under
/// NO_COLOR, plain lines into a file.
/// </summary>
[NonParallelizable]
public sealed class TerminalOutputTests
{
    private const char Escape = '\u001b';

    // .NET itself switches the terminal's keypad mode (DECCKM, then DECKPAM) when a process first
    // writes to a terminal, whatever the program prints; it changes nothing on screen.
    private const string RuntimeKeypadMode = "\u001b[?1h\u001b=";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    // samples/contacts.csv's 5,000 rows in enrich's default batches.
    private static readonly int SampleBatches = 5_000 / EnrichCommandLine.DefaultBatchSize;

    [Test]
    public async Task Enrich_Redirected_PrintsPlainLinesWithoutEscapes()
    {
        using var temp = new TempDirectory();

        var host = await HostProcess.RunAsync(Limit, "enrich", Enrichment.Testing.TestPaths.InRepository("samples", "contacts.csv"), "--out", temp.File("out.csv"), "--data-dir", temp.File("data"));

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
        Assert.That(host.StandardOutput, Does.Not.Contain(Escape.ToString()));
        Assert.That(host.StandardOutput, Does.Match($@"(?m)^\[#{{28}}\] 100\.0% 5,000/5,000 records .* batches {SampleBatches}/{SampleBatches} .*completed"));
        Assert.That(host.StandardOutput, Does.Match(@"(?m)^  ok\s+[\d,]+$"));
        Assert.That(host.StandardOutput, Does.Not.Contain("│"), "no table when the output is not a terminal");
    }

    [Test]
    public async Task Enrich_OnATerminal_DrawsALiveBarAndAColouredSummaryTable()
    {
        using var temp = new TempDirectory();

        var (exitCode, screen) = await RunOnTerminalAsync(temp, noColour: false);

        Assert.That(exitCode, Is.Zero, screen);
        Assert.That(screen, Does.Contain("\r").And.Contain($"{Escape}[2A"), "the bar is redrawn in place");
        Assert.That(screen, Does.Match($@"rec/s  batches \d+/{SampleBatches} "), "the bar shows the rate and the batches");
        Assert.That(screen, Does.Contain("ETA "));
        Assert.That(screen, Does.Match(@"\u001b\[[0-9;]*38;5;2m(ok|completed)"), "green for ok");
        Assert.That(screen, Does.Contain("│ records").And.Match(@"│ \u001b\[[0-9;]*mduplicates"), "the summary table, coloured");
    }

    [Test]
    public async Task Enrich_OnATerminalWithNoColor_WritesNoEscapeSequence()
    {
        using var temp = new TempDirectory();

        var (exitCode, screen) = await RunOnTerminalAsync(temp, noColour: true);

        Assert.That(exitCode, Is.Zero, screen);
        var printed = screen.StartsWith(RuntimeKeypadMode, StringComparison.Ordinal) ? screen[RuntimeKeypadMode.Length..] : screen;
        Assert.That(printed, Does.Not.Contain(Escape.ToString()));
        Assert.That(printed, Does.Match(@"(?m)^\[#{28}\] 100\.0% 5,000/5,000 records"), "the bar is plain lines");
        Assert.That(printed, Does.Contain("│ ok ").And.Contain("│ invalid "), "the table stays, uncoloured");
    }

    /// <summary>Runs enrich of the sample under a pseudo-terminal; answers its exit code and everything it wrote.</summary>
    private static async Task<(int ExitCode, string Screen)> RunOnTerminalAsync(TempDirectory temp, bool noColour)
    {
        const string Script = "/usr/bin/script";
        Assert.That(File.Exists(Script), Is.True, "util-linux `script` (Debian's bsdutils, an essential package) gives the CLI a terminal");
        string[] command = ["dotnet", HostProcess.HostDll, "enrich", Enrichment.Testing.TestPaths.InRepository("samples", "contacts.csv"), "--out", temp.File("out.csv"), "--data-dir", temp.File("data")];
        var start = new ProcessStartInfo(Script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = temp.Path,
        };
        // -q: no banner; -e: its exit code is the command's; -f: flush as written; the log goes nowhere.
        foreach (var arg in new[] { "-qef", "-c", string.Join(' ', command.Select(Quote)), "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        if (noColour)
        {
            start.Environment["NO_COLOR"] = "1";
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start script");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, new StringBuilder(await output).Append(await error).ToString());
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
