using System.Globalization;
using Enrichment.Local.Host.Tests;
using static Microsoft.Playwright.Assertions;

namespace Enrichment.Api.Web.Tests.Support;

/// <summary>
/// `serve` on a free loopback port with its data in a temporary directory, which it owns from then
/// on: what every page test class starts once and stops at the end.
/// </summary>
internal sealed class ServedHost : IAsyncDisposable
{
    private readonly HostProcess _host;

    private ServedHost(TempDirectory temp, HostProcess host, string baseUrl)
    {
        Temp = temp;
        _host = host;
        BaseUrl = baseUrl;
    }

    public TempDirectory Temp { get; }

    /// <summary>The page's address, with its trailing slash.</summary>
    public string BaseUrl { get; }

    public static async Task<ServedHost> StartAsync(TempDirectory temp, IReadOnlyDictionary<string, string?>? environment, params string[] options)
    {
        var port = HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        var host = HostProcess.Start(environment ?? new Dictionary<string, string?>(), ["serve", "--port", port, "--data-dir", temp.File("data"), .. options]);
        await host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        // A job on a loaded build machine takes seconds; the page's assertions wait that long.
        SetDefaultExpectTimeout(60_000);
        return new ServedHost(temp, host, $"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Temp.Dispose();
    }
}
