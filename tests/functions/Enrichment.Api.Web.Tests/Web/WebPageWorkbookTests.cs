using System.Globalization;
using Enrichment.Api.Web.Tests.Support;
using Enrichment.Local.Host.Tests;
using Enrichment.Testing.Spreadsheets;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Api.Web.Tests.Web;

/// <summary>
/// Workbooks and dropped files in Debian's Chromium against `serve`: the page reads an .xlsx's
/// sheets and first rows itself (a LibreOffice-made workbook), sends the chosen sheet, and hands back
/// an .xlsx; a file dropped on the box is taken like a chosen one.
/// </summary>
[NonParallelizable]
public sealed class WebPageWorkbookTests
{
    private const int InlineLimit = 4096;
    private ServedHost _served = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _served = await ServedHost.StartAsync(new TempDirectory(), null, "--max-inline-bytes", InlineLimit.ToString(CultureInfo.InvariantCulture));

    [OneTimeTearDown]
    public Task StopAsync() => _served.DisposeAsync().AsTask();

    [Test]
    public async Task Page_PreviewsEachSheetOfAWorkbook_AndReturnsTheChosenOneEnrichedAsXlsx()
    {
        var workbook = _served.Temp.File("contacts.xlsx");
        File.Copy(await SpreadsheetFixtures.ContactsAsync(), workbook, overwrite: true);
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(_served.BaseUrl);
        await page.Locator("#file").SetInputFilesAsync(workbook);

        await Expect(page.Locator("#sheet")).ToBeVisibleAsync();
        await Expect(page.Locator("#sheet option")).ToHaveTextAsync(["Contacts", "Leads", "Totals"]);
        await Expect(page.Locator("#recognised")).ToContainTextAsync("Recognised: email, phone, first name, country. Other columns are carried through unchanged.");
        await Expect(page.Locator("#preview-table thead th").First).ToContainTextAsync("email");
        await Expect(page.Locator("#preview-table tbody tr").First.Locator("td").First).ToHaveTextAsync("ann@acme.com");
        await Expect(page.Locator("#preview-table tbody tr").First.Locator("td").Nth(5)).ToHaveTextAsync("02134");
        await Expect(page.Locator("#file-info")).ToContainTextAsync("XLSX; it goes through an upload link");
        await browser.ScreenshotAsync("1-workbook-preview");
        Assert.That(await PageOverflowsAsync(page), Is.False, "the ten-column preview scrolls inside its box, not the page");
        await page.SetViewportSizeAsync(390, 844);
        Assert.That(await PageOverflowsAsync(page), Is.False, "nor at phone width");
        await browser.ScreenshotAsync("1-workbook-preview-phone");
        await page.SetViewportSizeAsync(1100, 1300);

        await page.Locator("#sheet").SelectOptionAsync("Leads");
        await Expect(page.Locator("#recognised")).ToContainTextAsync("Recognised: email, company.");
        await Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#preview-table tbody td").First).ToHaveTextAsync("dee@example.com");
        await page.Locator("#output").SelectOptionAsync("xlsx");
        await page.Locator("#submit").ClickAsync();

        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#stat-records")).ToHaveTextAsync("1 of 1");
        await Expect(page.Locator("#sum-ok")).ToHaveTextAsync("1");
        await browser.ScreenshotAsync("2-workbook-summary");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var saved = _served.Temp.File("downloaded-" + download.SuggestedFilename);
        await download.SaveAsAsync(saved);

        Assert.That(download.SuggestedFilename, Is.EqualTo("contacts-enriched.xlsx"));
        var rows = XlsxReadBack.SingleSheetText(await File.ReadAllBytesAsync(saved));
        Assert.That(rows, Has.Count.EqualTo(2), "the header and the one row of the Leads sheet");
        Assert.That(rows[0].Take(2), Is.EqualTo(new[] { "Work Email", "Company" }));
        Assert.That(rows[1].Take(2), Is.EqualTo(new[] { "dee@example.com", "Example Ltd" }));
        Assert.That(rows[1][Array.IndexOf(rows[0], "record_status")], Is.EqualTo("ok"));
        Assert.That(browser.Problems, Is.Empty);
    }

    private static Task<bool> PageOverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

    [Test]
    public async Task Page_TakesAFileDroppedOnTheBox()
    {
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;
        await page.GotoAsync(_served.BaseUrl);

        // What a drag from the desktop delivers: a drop event whose DataTransfer holds the file.
        var dropped = await page.EvaluateHandleAsync("""
            () => {
              const transfer = new DataTransfer();
              transfer.items.add(new File(['email,company\nann@acme.com,Acme\nbob@globex.io,Globex\n'], 'dropped.csv', { type: 'text/csv' }));
              return transfer;
            }
            """);
        await page.Locator("#drop").DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = dropped });

        await Expect(page.Locator("#file-info")).ToContainTextAsync("dropped.csv");
        await Expect(page.Locator("#recognised")).ToHaveTextAsync("Recognised: email, company. Other columns are carried through unchanged.");
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#sum-ok")).ToHaveTextAsync("2");
        await Expect(page.Locator("#recent li")).ToContainTextAsync("dropped.csv");
        Assert.That(browser.Problems, Is.Empty);
    }
}
