using System.Globalization;
using System.Text;
using Enrichment.Api.Web.Tests.Support;
using Enrichment.FakePersonApi;
using Enrichment.Local.Host.Tests;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Api.Web.Tests.Web;

/// <summary>
/// A job whose paid provider was down for part of the run, in Debian's Chromium against `serve`
/// with the fake person API on loopback: the page lists the error records with their reasons, shows
/// the provider's match rate, and its retry button re-runs them to a clean result.
/// </summary>
[NonParallelizable]
public sealed class WebPageRetryTests
{
    private const string ApiKey = "web-retry-key-5c1e";
    private const int Contacts = 30;
    private ServedHost _served = null!;
    private FakePersonApiServer _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var temp = new TempDirectory();
        _api = await FakePersonApiServer.StartAsync();
        _api.State.RequiredApiKey = ApiKey;
        _api.State.Latency = TimeSpan.Zero;
        var providers = Directory.CreateDirectory(temp.File("providers")).FullName;
        await File.WriteAllTextAsync(Path.Combine(providers, "fakeperson.json"), $$"""
            {
              "name": "fakeperson",
              "endpoint": "{{_api.BaseUrl}}v1/person",
              "bulk": { "endpoint": "{{_api.BaseUrl}}v1/people/bulk", "maxRecords": 10, "requestProperty": "records", "responseProperty": "results", "idField": "id" },
              "request": { "email": "Email" },
              "response": { "job_title": { "path": "employment.title" } },
              "matchConfidence": "match.confidence",
              "auth": { "header": "X-Api-Key", "environmentVariable": "FAKE_PERSON_API_KEY" },
              "resilience": { "maxRetries": 0, "breakerMinimumThroughput": 100, "requestsPerSecond": 100 }
            }
            """);
        _served = await ServedHost.StartAsync(temp, new Dictionary<string, string?> { ["FAKE_PERSON_API_KEY"] = ApiKey }, "--provider-dir", providers, "--batch-size", "10", "--workers", "1");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _served.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Page_ListsErrorRecordsWithReasons_AndRetryReRunsThem()
    {
        var list = _served.Temp.File("people.csv");
        var csv = new StringBuilder("email,company\n");
        for (var i = 1; i <= Contacts; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"person{i}@acme.com,Acme\n");
        }

        await File.WriteAllTextAsync(list, csv.ToString());
        // The first call (one batch of ten) fails, with no retry of its own: ten error records.
        _api.State.EnqueueFaults(FakeFault.ServerError, 1);
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(_served.BaseUrl);
        await page.Locator("#providers input[value='fakeperson']").CheckAsync();
        await page.Locator("#file").SetInputFilesAsync(list);
        await page.Locator("#submit").ClickAsync();

        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed with errors · 100.0 %");
        await Expect(page.Locator("#sum-error")).ToHaveTextAsync("10");
        await Expect(page.Locator("#sum-ok")).ToHaveTextAsync("20");
        var issues = page.Locator("#issues-table tbody tr");
        await Expect(issues).ToHaveCountAsync(10);
        await Expect(issues.First.Locator("td").Nth(1)).ToHaveTextAsync("error");
        await Expect(issues.First.Locator("td").Nth(2)).ToContainTextAsync("fakeperson");
        var usage = page.Locator("#match-table tbody tr");
        await Expect(usage).ToHaveCountAsync(1);
        await Expect(usage.Locator("td").Nth(0)).ToHaveTextAsync("fakeperson");
        await Expect(usage.Locator("td").Nth(3)).ToHaveTextAsync("30");
        await Expect(page.Locator("#retry")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("1-with-errors");

        await page.Locator("#retry").ClickAsync();

        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#sum-error")).ToHaveTextAsync("0");
        await Expect(page.Locator("#sum-ok")).ToHaveTextAsync("30");
        await Expect(page.Locator("#retry")).ToBeHiddenAsync();
        await Expect(page.Locator("#issues")).ToBeHiddenAsync();
        await Expect(page.Locator("#recent li")).ToContainTextAsync("completed");
        await browser.ScreenshotAsync("2-after-retry");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var saved = _served.Temp.File("downloaded-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);

        var rows = (await File.ReadAllTextAsync(saved)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = Array.IndexOf(rows[0].Split(','), "record_status");
        Assert.That(rows, Has.Length.EqualTo(Contacts + 1));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[status]), Has.All.EqualTo("ok"));
        Assert.That(_api.State.Requests.SelectMany(r => r.Emails).Count(), Is.EqualTo(Contacts + 10), "thirty lookups, then the ten that failed once more");
        Assert.That(browser.Problems, Is.Empty);
    }
}
