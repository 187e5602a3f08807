using Enrichment.Core.Input;
using Enrichment.Testing.Contacts;
using Enrichment.Testing.Dns;

namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>
/// `enrich` as a user runs it (a child process) with the issue-14 columns and the opt-in mx provider
/// asking a real dnsmasq on loopback, named by --dns-server.
/// </summary>
[NonParallelizable]
public sealed class EnrichVerdictColumnsTests
{
    private Dnsmasq _dns = null!;

    [OneTimeSetUp]
    public async Task StartDnsAsync() => _dns = await Dnsmasq.StartAsync();

    [OneTimeTearDown]
    public async Task StopDnsAsync() => await _dns.DisposeAsync();

    [Test]
    public async Task Enrich_WithMx_WritesTheVerdictAndEnrichmentColumns()
    {
        using var temp = new TempDirectory();
        var input = temp.File("leads.csv");
        await File.WriteAllTextAsync(input, VerdictContacts.Csv);
        var output = temp.File("enriched.csv");

        var host = await HostProcess.RunAsync(TimeSpan.FromMinutes(4), "enrich", input, "--out", output, "--data-dir", temp.File("data"),
            "--providers", "normalize,email,mx", "--dns-server", _dns.Endpoint.ToString(), "--quiet");

        Assert.That(host.ExitCode, Is.Zero, host.StandardError);
        var (columns, rows) = await OutputFiles.ReadAsync(output, InputFormat.Csv);
        Assert.That(VerdictContacts.Mismatches(columns, rows), Is.Empty);
    }

    [Test]
    public async Task Enrich_WithADnsServerThatIsNoAddress_ExitsWithOneLine()
    {
        var host = await HostProcess.RunAsync(TimeSpan.FromMinutes(2), "enrich", "a.csv", "--out", "b.csv", "--dns-server", "dns.example.com");

        Assert.That(host.ExitCode, Is.Not.Zero);
        var lines = host.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), host.StandardError);
        Assert.That(lines[0], Does.StartWith("error: --dns-server: must be an IP address"));
    }
}
