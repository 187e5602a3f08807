using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>The exit codes the README documents, each from a real run of the CLI.</summary>
[NonParallelizable]
public sealed class ExitCodeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Test]
    public async Task Done_IsZero()
    {
        using var temp = new TempDirectory();

        var host = await HostProcess.RunAsync(Limit, "generate", "--count", "5", "--out", temp.File("list.csv"));

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
    }

    [Test]
    public async Task AFailedJob_IsOne()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("bad.csv"), "email,name\na@acme.com,Ann\nb@acme.com,\"Bob\n");

        var host = await HostProcess.RunAsync(Limit, "enrich", temp.File("bad.csv"), "--out", temp.File("out.csv"), "--data-dir", temp.File("data"));

        Assert.That(host.ExitCode, Is.EqualTo(1));
        Assert.That(host.StandardError.Trim().Split('\n'), Has.Length.EqualTo(1).And.All.StartWith("error: ").And.All.Contain("line 3"));
    }

    [Test]
    public async Task AWrongCommandLine_IsTwo()
    {
        var host = await HostProcess.RunAsync(Limit, "enrich", "a.csv", "--out", "b.csv", "--batch-size", "0");

        Assert.That(host.ExitCode, Is.EqualTo(2));
        Assert.That(host.StandardError, Does.StartWith("error: --batch-size must be a whole number from 1 to 10000"));
    }

    [Test]
    public async Task Interrupted_IsOneHundredThirty()
    {
        using var temp = new TempDirectory();
        var input = temp.File("list.csv");
        await using (var writer = new StreamWriter(input))
        {
            await new ContactGenerator(seed: 5).WriteCsvAsync(writer, 100_000, CancellationToken.None);
        }

        // The first line comes with the first status, after the split has queued every batch; so the
        // split must be short and the processing long: a few thousand batches of 50 on one worker.
        // (One-record batches made the split itself the long part, and the workers could finish
        // with it before the first line, so Ctrl+C came after the end on a loaded machine.)
        await using var host = HostProcess.Start("enrich", input, "--out", temp.File("out.csv"), "--data-dir", temp.File("data"), "--batch-size", "50", "--workers", "1");
        await host.WaitUntilPrintedAsync(Limit);

        await host.InterruptAsync(Limit);

        Assert.That(host.ExitCode, Is.EqualTo(130), host.StandardError);
        Assert.That(host.StandardError.Trim(), Is.EqualTo("stopped"));
        Assert.That(File.Exists(temp.File("out.csv")), Is.False, "no output from a stopped job");
    }
}
