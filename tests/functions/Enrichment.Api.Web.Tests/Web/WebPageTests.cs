using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Api.Web.Tests.Support;
using Enrichment.Local.Host.Tests;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Api.Web.Tests.Web;

/// <summary>
/// The page at GET / in Debian's Chromium, against `serve` on a loopback port: what a list owner
/// does with it, end to end. `serve` runs with a 4 KiB inline limit, so a list of a few hundred
/// rows takes the upload-link path the page uses for lists over API Gateway's 6 MB.
/// </summary>
[NonParallelizable]
public sealed class WebPageTests
{
    private const int InlineLimit = 4096;

    private const string Contacts =
        "Email,First Name,Last Name,Phone,Company,Country,Notes\n" +
        "ann@acme.com,ANN,o'brien,(415) 555-0100,Acme,USA,met at expo\n" +
        "bob@globex.io,bob,smith,020 7946 0001,Globex,UK,\n" +
        "not-an-email,Carl,Jones,,Initech,DE,bad address\n" +
        "ann@acme.com,Ann,O'Brien,,Acme,US,again\n";

    private ServedHost _served = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _served = await ServedHost.StartAsync(new TempDirectory(), null, "--max-inline-bytes", InlineLimit.ToString(CultureInfo.InvariantCulture));

    [OneTimeTearDown]
    public Task StopAsync() => _served.DisposeAsync().AsTask();

    [Test]
    public async Task Page_PreviewsAList_RunsIt_AndDownloadsTheEnrichedFile()
    {
        var list = _served.Temp.File("contacts.csv");
        await File.WriteAllTextAsync(list, Contacts);
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(_served.BaseUrl);
        await Expect(page.Locator("#providers input[value='email']")).ToBeCheckedAsync();
        await browser.ScreenshotAsync("1-empty");
        await page.Locator("#file").SetInputFilesAsync(list);

        await Expect(page.Locator("#recognised")).ToHaveTextAsync("Recognised: email, first name, last name, phone, company, country. Other columns are carried through unchanged.");
        await Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#preview-table thead th").Nth(6)).ToContainTextAsync("carried through");
        await Expect(page.Locator("#file-info")).ToContainTextAsync("it is sent in one request");
        await browser.ScreenshotAsync("2-preview");

        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#job")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("3-progress");
        await Expect(page.Locator("#bar")).ToHaveAttributeAsync("value", "100");
        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#sum-duplicates")).ToHaveTextAsync("1");
        await Expect(page.Locator("#stat-records")).ToHaveTextAsync("4 of 4");
        await Expect(page.Locator("#sum-ok")).ToHaveTextAsync("3");
        await Expect(page.Locator("#sum-invalid")).ToHaveTextAsync("1");
        await Expect(page.Locator("#sum-error")).ToHaveTextAsync("0");
        await Expect(page.Locator("#retry")).ToBeHiddenAsync();
        var issue = page.Locator("#issues-table tbody tr");
        await Expect(issue).ToHaveCountAsync(1);
        await Expect(issue.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Expect(issue.Locator("td").Nth(1)).ToHaveTextAsync("invalid");
        await Expect(issue.Locator("td").Nth(2)).ToContainTextAsync("email_invalid");
        await Expect(page.Locator("#recent li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#recent li")).ToContainTextAsync("contacts.csv");
        await browser.ScreenshotAsync("4-summary");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var saved = _served.Temp.File("downloaded-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);

        Assert.That(download.SuggestedFilename, Is.EqualTo("contacts-enriched.csv"));
        var rows = (await File.ReadAllTextAsync(saved)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows, Has.Length.EqualTo(5));
        Assert.That(rows[0], Does.StartWith("Email,First Name,Last Name,Phone,Company,Country,Notes,record_status,"));
        Assert.That(rows[1], Does.StartWith("ann@acme.com,ANN,o'brien,(415) 555-0100,Acme,USA,met at expo,ok,"));
        Assert.That(rows[1], Does.Contain("+14155550100"));
        Assert.That(rows[3], Does.Contain(",invalid,email_invalid"));
        var duplicateOf = Array.IndexOf(rows[0].Split(','), "duplicate_of");
        Assert.That(rows[4].Split(',')[duplicateOf], Is.EqualTo("1"), "the repeated email points at row 1");
        Assert.That(browser.Problems, Is.Empty, "no console error (a CSP violation is one) and no script error");
    }

    [Test]
    public async Task Page_ShowsTheApiErrorMessageForAMalformedFile()
    {
        const string malformed = "email,name\nann@acme.com,Ann\n\"bob@globex.io,Bob\n";
        var list = _served.Temp.File("broken.csv");
        await File.WriteAllTextAsync(list, malformed);
        using var http = new HttpClient { BaseAddress = new Uri(_served.BaseUrl) };
        var direct = await http.PostAsync(new Uri("jobs", UriKind.Relative), new StringContent(malformed, Encoding.UTF8, "text/csv"));
        Assert.That(direct.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var apiMessage = JsonDocument.Parse(await direct.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(_served.BaseUrl);
        await page.Locator("#file").SetInputFilesAsync(list);
        await page.Locator("#submit").ClickAsync();

        await Expect(page.Locator("#submit-error")).ToHaveTextAsync(apiMessage!);
        Assert.That(apiMessage, Does.Contain("line 3"));
        await Expect(page.Locator("#job")).ToBeHiddenAsync();
        await Expect(page.Locator("#recent li")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("error");
        Assert.That(browser.Problems.Where(p => !p.Contains("400", StringComparison.Ordinal)), Is.Empty, "only the refused request itself is logged");
    }

    [Test]
    public async Task Page_SendsAListOverTheInlineLimitThroughAnUploadLink()
    {
        var lines = Enumerable.Range(1, 300).Select(i => $"{{\"email\":\"p{i}@acme.com\",\"country\":\"DE\",\"phone\":\"030 1234567{i % 10}\"}}");
        var list = _served.Temp.File("big-list.jsonl");
        await File.WriteAllLinesAsync(list, lines);
        Assert.That(new FileInfo(list).Length, Is.GreaterThan(InlineLimit));
        await using var browser = await DebianChromium.LaunchAsync(width: 390, height: 844);
        var page = browser.Page;
        var requests = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add($"{request.Method} {new Uri(request.Url).AbsolutePath}");
            }
        };

        await page.GotoAsync(_served.BaseUrl);
        await page.Locator("#file").SetInputFilesAsync(list);
        await Expect(page.Locator("#file-info")).ToContainTextAsync("it goes through an upload link");
        await Expect(page.Locator("#recognised")).ToHaveTextAsync("Recognised: email, country, phone. Other columns are carried through unchanged.");
        await page.Locator("#output").SelectOptionAsync("jsonl");
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#stat-records")).ToHaveTextAsync("300 of 300");
        await Expect(page.Locator("#stat-batches")).ToHaveTextAsync("3 of 3");
        await browser.ScreenshotAsync("phone-width-summary");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var saved = _served.Temp.File("downloaded-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);

        string[] sent;
        lock (requests)
        {
            sent = [.. requests];
        }

        Assert.That(sent, Does.Contain("POST /jobs/uploads"));
        Assert.That(sent.Count(r => r.StartsWith("PUT /objects/", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(sent, Does.Not.Contain("POST /jobs"), "the list never went inline");
        var rows = await File.ReadAllLinesAsync(saved);
        Assert.That(download.SuggestedFilename, Is.EqualTo("big-list-enriched.jsonl"));
        Assert.That(rows, Has.Length.EqualTo(300));
        Assert.That(JsonDocument.Parse(rows[299]).RootElement.GetProperty("email").GetString(), Is.EqualTo("p300@acme.com"));
        Assert.That(JsonDocument.Parse(rows[299]).RootElement.GetProperty("record_status").GetString(), Is.EqualTo("ok"));
        Assert.That(browser.Problems, Is.Empty);
    }
}
