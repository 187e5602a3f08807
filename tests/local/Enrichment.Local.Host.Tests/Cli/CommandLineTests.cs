namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>The CLI as a user meets it: a child process, its exit code and its one error line.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [TestCase(new[] { "enrich", "missing.csv", "--out", "out.csv" }, "input file not found")]
    [TestCase(new[] { "enrich", "missing.csv" }, "--out <file> is required")]
    [TestCase(new[] { "enrich", "a.csv", "--out", "b.csv", "--colour", "red" }, "unknown option --colour")]
    [TestCase(new[] { "enrich", "a.csv", "--out", "b.csv", "--workers", "zero" }, "--workers must be a whole number")]
    [TestCase(new[] { "fly" }, "unknown command 'fly'")]
    [TestCase(new[] { "serve", "--bind", "0.0.0.0" }, "needs --api-keys")]
    [TestCase(new[] { "serve", "--bind", "not-an-ip" }, "--bind must be an IP address")]
    [TestCase(new[] { "serve", "--public-url", "javascript://evil.example/" }, "--public-url")]
    [TestCase(new[] { "serve", "--api-keys", "/nonexistent/keys.json" }, "--api-keys: the API keys file cannot be read")]
    public async Task Cli_ExitsNonZeroWithOneReadableLine(string[] args, string expected)
    {
        var host = await HostProcess.RunAsync(Limit, args);

        Assert.That(host.ExitCode, Is.Not.Zero);
        var lines = host.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), host.StandardError);
        Assert.That(lines[0], Does.StartWith("error: ").And.Contain(expected));
    }

    [Test]
    public async Task Cli_HelpPrintsUsageAndSucceeds()
    {
        var host = await HostProcess.RunAsync(Limit, "--help");

        Assert.That(host.ExitCode, Is.Zero);
        Assert.That(host.StandardOutput, Does.Contain("enrich <input.csv|.json|.jsonl|.xlsx> --out"));
    }

    [Test]
    public async Task Generate_WritesTheRequestedNumberOfContacts()
    {
        using var temp = new TempDirectory();
        var output = temp.File("contacts.csv");

        var host = await HostProcess.RunAsync(Limit, "generate", "--count", "250", "--seed", "3", "--out", output);

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
        var (_, rows) = await OutputFiles.ReadAsync(output, Core.Input.InputFormat.Csv);
        Assert.That(rows, Has.Count.EqualTo(250));
    }

    [Test]
    public async Task Enrich_OfTheSampleProducesTheEnrichedFile()
    {
        using var temp = new TempDirectory();
        var output = temp.File("enriched.csv");

        var host = await HostProcess.RunAsync(TimeSpan.FromMinutes(4), "enrich", Enrichment.Testing.TestPaths.InRepository("samples", "contacts.csv"), "--out", output, "--data-dir", temp.File("data"));

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
        Assert.That(host.StandardOutput, Does.Contain(": completed"));
        var (_, rows) = await OutputFiles.ReadAsync(output, Core.Input.InputFormat.Csv);
        Assert.That(rows, Has.Count.EqualTo(5_000));
    }
}
