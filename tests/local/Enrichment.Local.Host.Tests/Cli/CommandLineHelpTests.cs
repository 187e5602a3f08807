namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>`--help` of every command, and a mistyped name answered with the name that was meant.</summary>
public sealed class CommandLineHelpTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [TestCase("enrich", new[] { "<input>", "--out", "--sheet", "--providers", "--provider-dir", "--batch-size", "--workers", "--data-dir", "--quiet", "--stats-json" })]
    [TestCase("retry", new[] { "<job-id>", "--out", "--provider-dir", "--workers", "--data-dir", "--quiet" })]
    [TestCase("serve", new[] { "--port", "--bind", "--public-url", "--api-keys", "--max-body-memory-mb", "--max-inline-bytes", "--providers", "--provider-dir", "--batch-size", "--workers", "--visibility-timeout", "--log-level", "--data-dir" })]
    [TestCase("generate", new[] { "--count", "--seed", "--out" })]
    [TestCase("bench", new[] { "--counts", "--workers" })]
    public async Task Help_OfEachCommand_ListsItsOptionsAndSucceeds(string command, string[] options)
    {
        var host = await HostProcess.RunAsync(Limit, command, "--help");

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
        Assert.That(host.StandardOutput, Does.Contain($"enrichment {command}"), "the usage line names the command");
        var optionsSection = host.StandardOutput[host.StandardOutput.IndexOf("Options:", StringComparison.Ordinal)..];
        foreach (var option in options.Where(o => o.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.That(optionsSection, Does.Match($@"(?m)^\s+{System.Text.RegularExpressions.Regex.Escape(option)}\b.*\S+\s{{2,}}\S"), $"{option} is listed with a description");
        }

        foreach (var argument in options.Where(o => o.StartsWith('<')))
        {
            Assert.That(host.StandardOutput, Does.Contain(argument));
        }

        Assert.That(host.StandardError, Is.Empty);
    }

    [Test]
    public async Task Help_OfTheTool_ListsEveryCommandAndTheExitCodes()
    {
        var host = await HostProcess.RunAsync(Limit, "--help");

        Assert.That(host.ExitCode, Is.Zero);
        Assert.That(host.StandardOutput, Does.Contain("Exit codes: 0 done, 1 "));
        foreach (var command in new[] { "enrich", "retry", "serve", "generate", "bench" })
        {
            Assert.That(host.StandardOutput, Does.Match($@"(?m)^\s+{command}\b"), command);
        }
    }

    [Test]
    public async Task NoCommand_PrintsTheOverviewAndExitsWithTheUsageCode()
    {
        var host = await HostProcess.RunAsync(Limit);

        Assert.That(host.ExitCode, Is.EqualTo(2));
        Assert.That(host.StandardOutput, Does.Contain("enrich <input.csv|.json|.jsonl|.xlsx> --out"));
    }

    [TestCase(new[] { "enrich", "a.csv", "--out", "b.csv", "--wokers", "2" }, "unknown option --wokers for 'enrich'; did you mean --workers?")]
    [TestCase(new[] { "enrich", "a.csv", "--outt", "b.csv" }, "unknown option --outt for 'enrich'; did you mean --out?")]
    [TestCase(new[] { "serve", "--prot", "8080" }, "unknown option --prot for 'serve'; did you mean --port?")]
    [TestCase(new[] { "serve", "--api-key=keys.json" }, "unknown option --api-key for 'serve'; did you mean --api-keys?")]
    [TestCase(new[] { "generate", "--count", "10", "--seeed", "1", "--out", "x.csv" }, "unknown option --seeed for 'generate'; did you mean --seed?")]
    [TestCase(new[] { "enrch", "a.csv" }, "unknown command 'enrch'; commands: enrich, retry, serve, generate, bench; did you mean enrich?")]
    public async Task MistypedName_GetsASuggestionInOneLineAndTheUsageExitCode(string[] args, string expected)
    {
        var host = await HostProcess.RunAsync(Limit, args);

        Assert.That(host.ExitCode, Is.EqualTo(2));
        var lines = host.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), host.StandardError);
        Assert.That(lines[0], Does.StartWith("error: " + expected).And.Contain("--help"));
        Assert.That(host.StandardOutput, Is.Empty, "no help dump after the error");
    }

    [TestCase(new[] { "enrich" }, "enrich needs <input>")]
    [TestCase(new[] { "retry", "--out", "x.csv" }, "retry needs <job-id>")]
    [TestCase(new[] { "enrich", "a.csv", "--out", "b.csv", "--data-dir" }, "--data-dir needs a value")]
    [TestCase(new[] { "enrich", "a.csv", "b.csv", "--out", "c.csv" }, "unexpected argument 'b.csv' for 'enrich'")]
    [TestCase(new[] { "serve", "--port", "70000" }, "--port must be a whole number from 1 to 65535, not '70000'")]
    public async Task MalformedCommandLine_IsOneReadableLineWithTheUsageExitCode(string[] args, string expected)
    {
        var host = await HostProcess.RunAsync(Limit, args);

        Assert.That(host.ExitCode, Is.EqualTo(2));
        var lines = host.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), host.StandardError);
        Assert.That(lines[0], Does.StartWith("error: " + expected));
    }
}
