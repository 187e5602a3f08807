using System.Net;
using System.Text;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>`serve`'s log: the one logger as readable text on stderr, each line with its invocation's ids.</summary>
[NonParallelizable]
public sealed class ServeLogTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Serve_ServiceLinesOfAJob_AreTextCarryingTheRequestIdAndTheJobId()
    {
        using var temp = new TempDirectory();
        var port = HostProcess.FreePort();
        await using var host = HostProcess.Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", temp.File("data"), "--log-level", "info");
        await host.WaitUntilListeningAsync(Limit);
        string jobId;
        using (var http = ServeHttp.Client(port, TimeSpan.FromSeconds(30)))
        {
            var accepted = await http.PostAsync("/jobs", new StringContent("email\nann@acme.com\n", Encoding.UTF8, "text/csv"));
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            var body = await JobPolling.ReadJsonAsync(accepted);
            jobId = body.GetProperty("jobId").GetString()!;
            await JobPolling.WaitForFinishAsync(http, body.GetProperty("statusUrl").GetString()!);
        }

        // Once the host has stopped, every line it wrote has been read.
        await host.InterruptAsync(Limit);

        var batchLines = host.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains($"job {jobId} batch 0", StringComparison.Ordinal))
            .ToList();
        Assert.That(batchLines, Has.Count.EqualTo(1), host.StandardError);
        Assert.That(batchLines[0], Does.Match(@"^\d{4}-\d\d-\d\dT[\d:.]+Z INFO  requestId=local-\d+ jobId=" + jobId + " job "));
        Assert.That(host.StandardError, Does.Not.Contain("ann@acme.com"));
    }
}
