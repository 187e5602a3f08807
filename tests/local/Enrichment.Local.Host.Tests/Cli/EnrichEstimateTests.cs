using System.Text.Json;
using Enrichment.Local.Host.Tests.Security;

namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>`enrich &lt;list&gt; --estimate`: one JSON line of what the job would do and cost, nothing run; a bad list is one error line and exit 1.</summary>
public sealed class EnrichEstimateTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Test]
    public async Task EnrichEstimate_PrintsTheEstimate_WithoutOutNorAnyJob()
    {
        using var temp = new TempDirectory();
        var generate = await HostProcess.RunAsync(Limit, "generate", "--count", "1000", "--out", temp.File("list.csv"));
        Assert.That(generate.ExitCode, Is.Zero, generate.StandardError);

        var host = await HostProcess.RunAsync(Limit, "enrich", temp.File("list.csv"), "--estimate", "--data-dir", temp.File("data"));

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
        using var estimate = JsonDocument.Parse(host.StandardOutput.Trim());
        var root = estimate.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("dryRun").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("records").GetInt64(), Is.EqualTo(1000));

            // The deployment's batch size (100), not enrich's own 500: the estimate is of a job on AWS.
            Assert.That(root.GetProperty("batches").GetInt32(), Is.EqualTo(10));
            Assert.That(root.GetProperty("distinctEmails").GetInt64(), Is.InRange(1, 1000));
            Assert.That(root.GetProperty("cost").GetProperty("totalUsd").GetDecimal(), Is.GreaterThan(0m));
        });
        Assert.That(DataDirectoryProbe.Jobs(temp.File("data")), Is.Zero);
        Assert.That(DataDirectoryProbe.Objects(temp.File("data")), Is.Zero);
    }

    [Test]
    public async Task EnrichEstimate_BadList_IsOneErrorLineAndExit1()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("bad.csv"), "email,name\na@b.com,Ann\n\"b@c.com,Bob\n");

        var host = await HostProcess.RunAsync(Limit, "enrich", temp.File("bad.csv"), "--estimate", "--data-dir", temp.File("data"));

        Assert.That(host.ExitCode, Is.EqualTo(1));
        Assert.That(host.StandardError.Trim().Split('\n'), Has.Length.EqualTo(1).And.All.StartWith("error: ").And.All.Contain("line 3"));
        Assert.That(host.StandardOutput.Trim(), Is.Empty);
    }
}
