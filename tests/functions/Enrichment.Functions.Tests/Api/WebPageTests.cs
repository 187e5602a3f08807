using Enrichment.Core.Configuration;
using Enrichment.Functions.Api;
using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

/// <summary>GET / and its files, as the API function serves them on AWS and locally.</summary>
public sealed class WebPageTests
{
    [TestCase("/", "text/html; charset=utf-8", "<title>Contact enrichment</title>")]
    [TestCase("/app.js", "text/javascript; charset=utf-8", "import { watch } from './js/job.js';")]
    [TestCase("/app.css", "text/css; charset=utf-8", "--accent")]
    public async Task Get_ServesEachFileWithItsContentTypeAndAStrictPolicy(string path, string contentType, string content)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Get(path));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers!["content-type"], Is.EqualTo(contentType));
        Assert.That(response.Body, Does.Contain(content));
        var policy = response.Headers["content-security-policy"];
        Assert.That(policy, Does.StartWith("default-src 'none'; script-src 'self'; style-src 'self';"));
        Assert.That(policy, Does.Not.Contain("unsafe"));
        Assert.That(response.Headers["cache-control"], Is.EqualTo("no-cache"));
        Assert.That(response.Headers["x-content-type-options"], Is.EqualTo("nosniff"));
        Assert.That(response.Headers["etag"], Does.Match("^\"[0-9a-f]{32}\"$"));
    }

    [Test]
    public async Task Get_AnswersNotModifiedForTheSameETag()
    {
        var api = new ApiHarness();
        var first = await api.SendAsync(ApiRequestBuilder.Get("/app.js"));

        var again = await api.SendAsync(ApiRequestBuilder.Get("/app.js").WithHeader("If-None-Match", first.Headers!["etag"]));
        var other = await api.SendAsync(ApiRequestBuilder.Get("/app.js").WithHeader("If-None-Match", "\"something-else\""));

        Assert.That(again.StatusCode, Is.EqualTo(304));
        Assert.That(again.Body, Is.Null);
        Assert.That(other.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Get_WritesTheInlineLimitIntoThePage()
    {
        var api = new ApiHarness(new EnrichmentOptions { MaxInlineBodyBytes = 4096 });

        var response = await api.SendAsync(ApiRequestBuilder.Get("/"));

        Assert.That(response.Body, Does.Contain("<meta name=\"enrichment-inline-limit\" content=\"4096\">"));
    }

    [Test]
    public async Task Page_HasNoInlineScriptOrStyleAndNothingFromAnotherOrigin()
    {
        var api = new ApiHarness();

        var html = (await api.SendAsync(ApiRequestBuilder.Get("/"))).Body!;

        Assert.That(html, Does.Contain("<script type=\"module\" src=\"app.js\"></script>"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<script"), Has.Count.EqualTo(1));
        Assert.That(html, Does.Not.Contain("<style").And.Not.Contain(" style="));
        Assert.That(html, Does.Not.Match(@"\son[a-z]+="), "no inline event handler");
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("//cdn"));
    }

    [TestCase("/")]
    [TestCase("/app.js")]
    [TestCase("/app.css")]
    [TestCase("/js/api.js")]
    public async Task Get_ServesThePageWithoutACallerIdentity(string path)
    {
        var api = new ApiHarness();

        var page = await api.SendAsync(ApiRequestBuilder.Get(path).WithAuthorizer(null));
        var providers = await api.SendAsync(ApiRequestBuilder.Get("/providers").WithAuthorizer(null));

        Assert.That(page.StatusCode, Is.EqualTo(200));
        Assert.That(providers.StatusCode, Is.EqualTo(401), "only the page's own files are open");
    }

    [TestCaseSource(typeof(WebPage), nameof(WebPage.Modules))]
    public async Task Get_ServesEachModuleAsAScriptUnderTheSamePolicy(string module)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Get("/js/" + module).WithAuthorizer(null));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers!["content-type"], Is.EqualTo("text/javascript; charset=utf-8"));
        Assert.That(response.Headers["content-security-policy"], Is.EqualTo(WebPage.ContentSecurityPolicy));
        Assert.That(response.Headers["x-content-type-options"], Is.EqualTo("nosniff"));
        Assert.That(response.Headers["etag"], Does.Match("^\"[0-9a-f]{32}\"$"));
        Assert.That(response.Body, Does.Match("(?m)^(import|export) "), "an ES module");
    }

    [Test]
    public void Modules_AreExactlyTheEmbeddedScriptFiles_AndEveryImportNamesOne()
    {
        var assembly = typeof(WebPage).Assembly;
        var embedded = assembly.GetManifestResourceNames().Where(name => name.StartsWith("web/js/", StringComparison.Ordinal)).Select(name => name["web/js/".Length..]);
        var sources = new[] { "app.js" }.Concat(WebPage.Modules.Select(module => "js/" + module)).Select(name =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream("web/" + name)!);
            return reader.ReadToEnd();
        });
        var imported = sources.SelectMany(source => System.Text.RegularExpressions.Regex.Matches(source, @"from '\./(?:js/)?([a-z]+\.js)'|^import '\./js/([a-z]+\.js)'", System.Text.RegularExpressions.RegexOptions.Multiline))
            .Select(match => match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value).Distinct();

        Assert.That(embedded, Is.EquivalentTo(WebPage.Modules), "a file in Web/js that is not listed would never be served");
        Assert.That(WebPage.Modules.Except(imported), Is.Empty, "a listed module nothing imports is dead weight");
        Assert.That(imported.Except(WebPage.Modules), Is.Empty, "an import of an unlisted module fails in the browser");
    }

    [TestCase("/js/unknown.js")]
    [TestCase("/js/app.js")]
    [TestCase("/js/..%2Fapp.js")]
    [TestCase("/js/index.html")]
    public async Task Get_RefusesANameNotInTheList_As404Json(string path)
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Get(path).WithAuthorizer(null));

        Assert.That(response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Headers!["content-type"], Does.StartWith("application/json"));
        Assert.That(response.Body, Does.Contain("\"error\""));
    }

    [Test]
    public async Task PostToThePage_Is405()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/").WithBody("x", "text/plain"));

        Assert.That(response.StatusCode, Is.EqualTo(405));
    }
}
