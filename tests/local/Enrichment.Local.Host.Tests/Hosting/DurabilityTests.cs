using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.Core.Input;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>SIGKILL in the middle of a 50,000-record job; the restarted host finishes it with every record exactly once.</summary>
[NonParallelizable]
public sealed class DurabilityTests
{
    private const int Contacts = 50_000;

    [Test]
    public async Task Serve_KilledMidJob_FinishesAfterRestartWithEveryRecordOnce()
    {
        using var temp = new TempDirectory();
        var input = temp.File("contacts.csv");
        await using (var writer = new StreamWriter(input))
        {
            await new ContactGenerator(seed: 11).WriteCsvAsync(writer, Contacts, CancellationToken.None);
        }

        var port = HostProcess.FreePort();
        string[] serve = ["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", temp.File("data"), "--workers", "1", "--visibility-timeout", "3"];
        using var http = ServeHttp.Client(port, TimeSpan.FromSeconds(30));

        string statusUrl;
        long processedAtKill;
        await using (var first = HostProcess.Start(serve))
        {
            await first.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
            var reserve = await JobPolling.ReadJsonAsync(await http.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"contacts.csv\",\"size\":{new FileInfo(input).Length}}}", Encoding.UTF8, "application/json")));
            statusUrl = reserve.GetProperty("statusUrl").GetString()!;
            var content = new StreamContent(File.OpenRead(input));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var put = await http.PutAsync(new Uri(reserve.GetProperty("uploadUrl").GetString()!), content);
            Assert.That(put.IsSuccessStatusCode, Is.True);

            processedAtKill = await WaitForPartialProgressAsync(http, statusUrl);
            first.Kill();
        }

        Assert.That(processedAtKill, Is.InRange(1, Contacts - 1), "the kill landed mid-job");

        // What a kill in the middle of an object write leaves: a temp file nothing will finish.
        var orphan = Path.Combine(temp.File("data"), "objects-tmp", "killed-mid-write.part");
        await File.WriteAllTextAsync(orphan, "half an output");

        await using var second = HostProcess.Start(serve);
        await second.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        var status = await JobPolling.WaitForFinishAsync(http, statusUrl, TimeSpan.FromMinutes(3));

        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"), status.ToString());
        Assert.That(File.Exists(orphan), Is.False, "the restarted host swept the orphaned temp file");
        Assert.That(status.GetProperty("records").GetProperty("processed").GetInt64(), Is.EqualTo(Contacts), "each record counted once");
        using var plain = new HttpClient();
        var output = temp.File("enriched.csv");
        await using (var file = File.Create(output))
        {
            await (await plain.GetStreamAsync(new Uri(status.GetProperty("downloadUrl").GetString()!))).CopyToAsync(file);
        }

        var (columns, rows) = await OutputFiles.ReadAsync(output, InputFormat.Csv);
        var ids = rows.Select(r => OutputFiles.Column(columns, r, "Contact ID")).ToList();
        Assert.That(ids, Has.Count.EqualTo(Contacts));
        Assert.That(ids, Is.EqualTo(Enumerable.Range(1, Contacts).Select(i => i.ToString(CultureInfo.InvariantCulture))), "every record once, in input order");
    }

    private static async Task<long> WaitForPartialProgressAsync(HttpClient http, string statusUrl)
    {
        for (var attempt = 0; attempt < 3_000; attempt++)
        {
            var status = await JobPolling.ReadJsonAsync(await http.GetAsync(new Uri(statusUrl)));
            var processed = status.GetProperty("records").GetProperty("processed").GetInt64();
            if (processed >= Contacts / 10)
            {
                return processed;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the job made no progress within a minute");
    }
}
