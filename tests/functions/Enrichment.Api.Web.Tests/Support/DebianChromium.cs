using Microsoft.Playwright;

namespace Enrichment.Api.Web.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download does not work on the
/// build machines, so the browser is launched by path (.ci/run installs the `chromium` package), in a
/// fresh, empty profile per session: no state leaks between tests.
/// </summary>
internal sealed class DebianChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _profile;
    private readonly List<string> _problems = [];

    private DebianChromium(IPlaywright playwright, IBrowserContext context, IPage page, string profile)
    {
        _playwright = playwright;
        _profile = profile;
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"page error: {error}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions so far (a CSP violation is one).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public static async Task<DebianChromium> LaunchAsync(int width = 1100, int height = 1300)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it)");
        }

        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("enrichment-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Timeout = 120_000,
        });
        context.SetDefaultTimeout(60_000);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        return new DebianChromium(playwright, context, page, profile);
    }

    /// <summary>A full-page screenshot, attached to the running test as an artifact.</summary>
    public async Task<string> ScreenshotAsync(string state)
    {
        var test = TestContext.CurrentContext.Test.MethodName ?? "test";
        var directory = Directory.CreateDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "web-screenshots")).FullName;
        var path = Path.Combine(directory, $"{test}-{state}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, $"the page: {state}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // The browser may hold a lock file for a moment after closing; temp is cleaned anyway.
        }
    }

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
