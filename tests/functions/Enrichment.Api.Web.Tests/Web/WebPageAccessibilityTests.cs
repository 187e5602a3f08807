using Enrichment.Api.Web.Tests.Support;
using Enrichment.Local.Host.Tests;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Api.Web.Tests.Web;

/// <summary>
/// The page for someone on a keyboard or a screen reader, in Debian's Chromium against `serve`:
/// every control named by a label, a job started and downloaded without the mouse, and text
/// contrast of at least 4.5:1 (WCAG AA) measured on the rendered page in each state.
/// </summary>
[NonParallelizable]
public sealed class WebPageAccessibilityTests
{
    // WCAG 2 contrast of every visible element's own text against the first opaque background behind it.
    private const string LowContrastScript = """
        () => {
          const luminance = (rgb) => {
            const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const parse = (css) => (css.match(/[\d.]+/g) || []).map(Number);
          const background = (el) => {
            for (let e = el; e; e = e.parentElement) {
              const c = parse(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
            }
            return [255, 255, 255];
          };
          const failures = [];
          for (const el of document.querySelectorAll('body *')) {
            const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
            if (!own || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
            const [l1, l2] = [luminance(parse(getComputedStyle(el).color).slice(0, 3)), luminance(background(el))].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            if (ratio < 4.5) failures.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
          }
          return failures;
        }
        """;

    // A form control a screen reader cannot name: no <label>, no aria-label(ledby), and for a button no text.
    private const string UnnamedControlsScript = """
        () => Array.from(document.querySelectorAll('input, select, textarea, button'))
          .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')
            && !(el.tagName === 'BUTTON' && el.textContent.trim()) && !(el.type === 'checkbox' && el.closest('label')))
          .map((el) => el.outerHTML.slice(0, 80))
        """;

    private ServedHost _served = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _served = await ServedHost.StartAsync(new TempDirectory(), null);

    [OneTimeTearDown]
    public Task StopAsync() => _served.DisposeAsync().AsTask();

    [Test]
    public async Task Page_IsNamedOperableByKeyboardAndReadableInEveryState()
    {
        var list = _served.Temp.File("team.csv");
        await File.WriteAllTextAsync(list, "email,first name,country\nann@acme.com,Ann,US\nnot-an-email,Bob,UK\n");
        await using var browser = await DebianChromium.LaunchAsync();
        var page = browser.Page;

        await page.GotoAsync(_served.BaseUrl);
        await Expect(page.Locator("#providers input[value='email']")).ToBeCheckedAsync();
        Assert.That(await page.EvaluateAsync<string[]>(UnnamedControlsScript), Is.Empty, "every control has a name");
        Assert.That(await page.EvaluateAsync<string[]>(LowContrastScript), Is.Empty, "contrast, empty page");
        await page.Locator("#file").SetInputFilesAsync(list);
        await Expect(page.Locator("#submit")).ToBeEnabledAsync();

        // From the file control to the submit button by Tab alone (bounded), then Enter.
        await page.Locator("#file").FocusAsync();
        for (var i = 0; i < 20 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "submit"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.That(await page.EvaluateAsync<string>("() => document.activeElement.id"), Is.EqualTo("submit"), "Tab reaches the submit button");
        Assert.That(await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"), Is.EqualTo("solid"), "the focus is visible");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#progress-label")).ToHaveTextAsync("completed · 100.0 %");
        await Expect(page.Locator("#issues-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#download")).ToBeFocusedAsync();
        Assert.That(await page.EvaluateAsync<string[]>(UnnamedControlsScript), Is.Empty, "every control has a name, summary shown");
        Assert.That(await page.EvaluateAsync<string[]>(LowContrastScript), Is.Empty, "contrast, summary shown");
        await browser.ScreenshotAsync("keyboard-summary");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        var saved = _served.Temp.File("downloaded.csv");
        await download.SaveAsAsync(saved);

        var rows = (await File.ReadAllTextAsync(saved)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows, Has.Length.EqualTo(3));
        Assert.That(browser.Problems, Is.Empty);

        // The checks themselves catch what they look for: grey text on white, an input with no label.
        await page.EvaluateAsync("""
            () => {
              const p = document.createElement('p');
              p.id = 'probe-text';
              p.textContent = 'light grey';
              p.style.color = '#aaaaaa';
              const input = document.createElement('input');
              input.id = 'probe-input';
              document.querySelector('main').append(p, input);
            }
            """);
        Assert.That(await page.EvaluateAsync<string[]>(LowContrastScript), Has.One.Contains("probe-text"));
        Assert.That(await page.EvaluateAsync<string[]>(UnnamedControlsScript), Has.One.Contains("probe-input"));
    }
}
