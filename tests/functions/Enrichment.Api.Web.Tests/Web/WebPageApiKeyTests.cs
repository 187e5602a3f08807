using Enrichment.Api.Web.Tests.Support;
using Enrichment.Local.Host.Tests;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Api.Web.Tests.Web;

/// <summary>The page against `serve --api-keys`: it loads without a key, then the key is entered once and sent as Bearer.</summary>
[NonParallelizable]
public sealed class WebPageApiKeyTests
{
    private const string Key = "page-test-key-0123456789";

    private ServedHost _served = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var temp = new TempDirectory();
        var keys = temp.File("keys.json");
        await File.WriteAllTextAsync(keys, $"{{\"{Key}\":\"marketing-ops\"}}");
        _served = await ServedHost.StartAsync(temp, null, "--api-keys", keys);
    }

    [OneTimeTearDown]
    public Task StopAsync() => _served.DisposeAsync().AsTask();

    [Test]
    public async Task Page_LoadsWithoutAKey_AndRunsAJobOnceTheKeyIsSaved()
    {
        var list = _served.Temp.File("team.csv");
        await File.WriteAllTextAsync(list, "email,company\nann@acme.com,Acme\nbob@globex.io,Globex\n");
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;

        var loaded = await page.GotoAsync(_served.BaseUrl);
        Assert.That(loaded!.Status, Is.EqualTo(200));
        await Expect(page.Locator("#providers-state")).ToHaveTextAsync("The API wants a key: save it above.");
        await Expect(page.Locator("#api-key")).ToHaveAttributeAsync("type", "password");
        await browser.ScreenshotAsync("1-needs-key");
        await page.Locator("#api-key").FillAsync(Key);
        await page.Locator("#api-key").PressAsync("Enter");

        await Expect(page.Locator("#key-state")).ToHaveTextAsync("A key is saved in this browser.");
        await Expect(page.Locator("#api-key")).ToHaveValueAsync(string.Empty);
        await Expect(page.Locator("#providers input[value='normalize']")).ToBeCheckedAsync();
        await page.Locator("#file").SetInputFilesAsync(list);
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#sum-ok")).ToHaveTextAsync("2");
        await browser.ScreenshotAsync("2-done-with-key");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download").ClickAsync());
        var saved = _served.Temp.File("downloaded.csv");
        await download.SaveAsAsync(saved);

        var rows = (await File.ReadAllTextAsync(saved)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows, Has.Length.EqualTo(3));
        Assert.That(rows[2], Does.StartWith("bob@globex.io,Globex,ok,"));
        // The refused /providers call before the key was saved is the only logged error.
        Assert.That(browser.Problems.Where(p => !p.Contains("401", StringComparison.Ordinal)), Is.Empty);
    }
}
