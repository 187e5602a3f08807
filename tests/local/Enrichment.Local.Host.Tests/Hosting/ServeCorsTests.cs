using System.Globalization;
using System.Net;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>`serve --cors-origins` over real HTTP: the allowed origin's preflight, another origin's, and serve without the option.</summary>
[NonParallelizable]
public sealed class ServeCorsTests
{
    private const string Allowed = "https://app.example.com";

    private TempDirectory _temp = null!;
    private HostProcess _withCors = null!;
    private HostProcess _withoutCors = null!;
    private HttpClient _corsHttp = null!;
    private HttpClient _plainHttp = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        var corsPort = HostProcess.FreePort();
        _withCors = HostProcess.Start("serve", "--port", corsPort.ToString(CultureInfo.InvariantCulture), "--data-dir", _temp.File("cors"), "--cors-origins", Allowed + ", http://localhost:3000");
        var plainPort = HostProcess.FreePort();
        _withoutCors = HostProcess.Start("serve", "--port", plainPort.ToString(CultureInfo.InvariantCulture), "--data-dir", _temp.File("plain"));
        await _withCors.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        await _withoutCors.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _corsHttp = ServeHttp.Client(corsPort, TimeSpan.FromSeconds(60));
        _plainHttp = ServeHttp.Client(plainPort, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _corsHttp.Dispose();
        _plainHttp.Dispose();
        await _withCors.DisposeAsync();
        await _withoutCors.DisposeAsync();
        _temp.Dispose();
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/jobs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, x-api-key, idempotency-key");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static IEnumerable<string> CorsHeaders(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));

    [Test]
    public async Task Serve_PreflightFromAnAllowedOrigin_Answers204WithThatOriginMethodsHeadersAndMaxAge()
    {
        using var response = await _corsHttp.SendAsync(Preflight(Allowed));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.Multiple(() =>
        {
            Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo(Allowed));
            Assert.That(Header(response, "Vary"), Does.Contain("Origin"));
            Assert.That(Header(response, "Access-Control-Allow-Methods")!.Split(','), Is.EquivalentTo(new[] { "GET", "POST", "PUT", "OPTIONS" }));
            Assert.That(Header(response, "Access-Control-Allow-Headers")!.Split(','), Is.EquivalentTo(new[] { "content-type", "authorization", "x-api-key", "idempotency-key", "webhook-secret" }));
            Assert.That(Header(response, "Access-Control-Max-Age"), Is.EqualTo("600"));
        });
    }

    [Test]
    public async Task Serve_RequestFromAnAllowedOrigin_EchoesItAndExposesLocation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", "http://localhost:3000");

        using var response = await _corsHttp.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(response, "Access-Control-Allow-Origin"), Is.EqualTo("http://localhost:3000"));
        Assert.That(Header(response, "Access-Control-Expose-Headers"), Is.EqualTo("location").IgnoreCase);
    }

    [Test]
    public async Task Serve_PreflightOrRequestFromAnotherOrigin_GetsNoCorsHeaders()
    {
        using var preflight = await _corsHttp.SendAsync(Preflight("https://evil.example.net"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", "https://app.example.com.evil.example.net");
        using var response = await _corsHttp.SendAsync(request);

        Assert.That(CorsHeaders(preflight), Is.Empty);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(CorsHeaders(response), Is.Empty);
    }

    [Test]
    public async Task Serve_WithoutCorsOrigins_AnswersNoCorsHeadersEvenToAPreflight()
    {
        using var preflight = await _plainHttp.SendAsync(Preflight(Allowed));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", Allowed);
        using var response = await _plainHttp.SendAsync(request);

        Assert.That(preflight.StatusCode, Is.Not.EqualTo(HttpStatusCode.NoContent));
        Assert.That(CorsHeaders(preflight), Is.Empty);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(CorsHeaders(response), Is.Empty);
    }

    [TestCase("https://app.example.com/path")]
    [TestCase("ftp://app.example.com")]
    [TestCase("*")]
    public async Task Serve_WithAnOriginThatIsNoOrigin_ExitsWithOneLine(string origin)
    {
        var host = await HostProcess.RunAsync(TimeSpan.FromMinutes(2), "serve", "--port", HostProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--data-dir", _temp.File("bad"), "--cors-origins", origin);

        Assert.That(host.ExitCode, Is.Not.Zero);
        var lines = host.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), host.StandardError);
        Assert.That(lines[0], Does.StartWith("error: --cors-origins: '" + origin + "' is not an origin"));
    }
}
