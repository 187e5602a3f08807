using Enrichment.Core.Configuration;
using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

/// <summary>GET / and its files, as the API function serves them on AWS and locally.</summary>
public sealed class WebPageTests
{
    [TestCase("/", "text/html; charset=utf-8", "<title>Contact enrichment</title>")]
    [TestCase("/app.js", "text/javascript; charset=utf-8", "'use strict';")]
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

        Assert.That(html, Does.Contain("<script src=\"app.js\" defer></script>"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "<script"), Has.Count.EqualTo(1));
        Assert.That(html, Does.Not.Contain("<style").And.Not.Contain(" style="));
        Assert.That(html, Does.Not.Match(@"\son[a-z]+="), "no inline event handler");
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("//cdn"));
    }

    [TestCase("/")]
    [TestCase("/app.js")]
    [TestCase("/app.css")]
    public async Task Get_ServesThePageWithoutACallerIdentity(string path)
    {
        var api = new ApiHarness();

        var page = await api.SendAsync(ApiRequestBuilder.Get(path).WithAuthorizer(null));
        var providers = await api.SendAsync(ApiRequestBuilder.Get("/providers").WithAuthorizer(null));

        Assert.That(page.StatusCode, Is.EqualTo(200));
        Assert.That(providers.StatusCode, Is.EqualTo(401), "only the page's own files are open");
    }

    [Test]
    public async Task PostToThePage_Is405()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/").WithBody("x", "text/plain"));

        Assert.That(response.StatusCode, Is.EqualTo(405));
    }
}
