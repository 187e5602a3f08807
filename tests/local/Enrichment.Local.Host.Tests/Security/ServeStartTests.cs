using System.Globalization;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>A deployment that offers something broken does not start: one error line, a non-zero exit, no listener and no output.</summary>
[NonParallelizable]
public sealed class ServeStartTests
{
    [Test]
    public async Task Serve_WithABrokenDefinition_RefusesToStart()
    {
        using var temp = new TempDirectory();
        var providers = temp.File("providers");
        Directory.CreateDirectory(providers);
        await File.WriteAllTextAsync(Path.Combine(providers, "broken.json"), "{ \"name\": \"broken\", \"endpoint\": 42 }");

        var host = await HostProcess.RunAsync(
            TimeSpan.FromMinutes(2),
            "serve", "--port", HostProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--data-dir", temp.File("data"), "--provider-dir", providers);

        Assert.Multiple(() =>
        {
            Assert.That(host.ExitCode, Is.Not.Zero);
            Assert.That(host.StandardError.Trim().Split('\n'), Has.Length.EqualTo(1).And.All.StartWith("error: --provider-dir:"));
            Assert.That(host.StandardError, Does.Contain("broken.json"));
            Assert.That(host.StandardOutput, Does.Not.Contain("listening"));
        });
        await host.DisposeAsync();
    }

    [TestCase("geocode", "unknown provider 'geocode'")]
    [TestCase("normalize,normalize", "named twice")]
    [TestCase("http:samples/providers/fake-person-api.json", "is not a provider name")]
    public async Task Serve_WithADefaultChainItDoesNotOffer_RefusesToStart(string chain, string reason)
    {
        using var temp = new TempDirectory();

        var host = await HostProcess.RunAsync(
            TimeSpan.FromMinutes(2),
            "serve", "--port", HostProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--data-dir", temp.File("data"), "--providers", chain);

        Assert.Multiple(() =>
        {
            Assert.That(host.ExitCode, Is.Not.Zero);
            Assert.That(host.StandardError, Does.StartWith("error: --providers:").And.Contain(reason));
            Assert.That(host.StandardOutput, Does.Not.Contain("listening"));
        });
        await host.DisposeAsync();
    }

    [Test]
    public async Task Enrich_WithABrokenDefinition_RefusesToStart_AndWritesNothing()
    {
        using var temp = new TempDirectory();
        var providers = temp.File("providers");
        Directory.CreateDirectory(providers);
        await File.WriteAllTextAsync(Path.Combine(providers, "broken.json"), "{ \"name\": \"broken\", \"endpoint\": 42 }");
        await File.WriteAllTextAsync(temp.File("list.csv"), "email\nann@acme.com\n");

        var run = await HostProcess.RunAsync(
            TimeSpan.FromMinutes(2), "enrich", temp.File("list.csv"), "--out", temp.File("out.csv"), "--data-dir", temp.File("data"), "--provider-dir", providers);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.StandardError.Trim().Split('\n'), Has.Length.EqualTo(1).And.All.StartWith("error: --provider-dir:"));
            Assert.That(run.StandardError, Does.Contain("broken.json"));
            Assert.That(File.Exists(temp.File("out.csv")), Is.False, "no output was written");
        });
        await run.DisposeAsync();
    }

    [TestCase("geocode", "unknown provider 'geocode'")]
    [TestCase("http:samples/providers/fake-person-api.json", "is not a provider name")]
    public async Task Enrich_WithAChainItDoesNotOffer_RefusesToStart(string chain, string reason)
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("list.csv"), "email\nann@acme.com\n");

        var run = await HostProcess.RunAsync(
            TimeSpan.FromMinutes(2), "enrich", temp.File("list.csv"), "--out", temp.File("out.csv"), "--data-dir", temp.File("data"), "--providers", chain);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.StandardError, Does.StartWith("error: --providers:").And.Contain(reason));
            Assert.That(File.Exists(temp.File("out.csv")), Is.False);
        });
        await run.DisposeAsync();
    }
}
