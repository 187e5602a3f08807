using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Enrichment.Functions.Api;
using Enrichment.Testing;
using Enrichment.Testing.Events;
using Enrichment.Testing.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Enrichment.Functions.Tests.Api;

/// <summary>
/// The OpenAPI document (functions/Enrichment.Api/openapi.json) against the code: its operations
/// are exactly the router's table, it is well-formed OpenAPI 3.1, every reference in it resolves,
/// and the API serves it openly. That every answer keeps it is checked by <see cref="ApiHarness"/>
/// on every API test.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static IEnumerable<string> TableKeys => ApiFunction.Routes.Select(route => route.Key);

    [Test]
    public void Document_ListsEveryRouteOfTheRouteTable_AndNoOther()
    {
        var documented = ApiHarness.Contract.RouteKeys;

        Assert.Multiple(() =>
        {
            Assert.That(TableKeys.Except(documented), Is.Empty, "routes the API serves that the document lacks");
            Assert.That(documented.Except(TableKeys), Is.Empty, "operations the document lists that the API does not serve");
            Assert.That(documented, Is.Unique);
        });
    }

    [Test]
    public void Terraform_DeploysEveryRouteOfTheRouteTable_AndNoOther()
    {
        // API Gateway only forwards the route keys it is given: a route missing there is a 404 on AWS.
        var main = File.ReadAllText(TestPaths.InRepository("infra-terraform", "main.tf"));
        var deployed = RouteList(main, "api_routes").Concat(RouteList(main, "public_routes")).ToList();

        Assert.That(deployed, Is.EquivalentTo(TableKeys));
    }

    [Test]
    public void Terraform_LeavesOpenExactlyTheRoutesTheTableOpens()
    {
        var main = File.ReadAllText(TestPaths.InRepository("infra-terraform", "main.tf"));
        // /health is open through the module's own rule (its 405s too); the rest through public_routes.
        var open = RouteList(main, "public_routes").Append("GET /health");

        Assert.That(open, Is.EquivalentTo(ApiFunction.Routes.Where(route => route.Access != RouteAccess.Caller).Select(route => route.Key)));
    }

    [Test]
    public void Document_IsWellFormedOpenApi31_ForAnIndependentReader()
    {
        var result = OpenApiDocument.Parse(OpenApiDescription.Json, "json", new OpenApiReaderSettings());

        Assert.That(result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}"), Is.Empty);
        Assert.That(result.Diagnostic?.SpecificationVersion, Is.EqualTo(OpenApiSpecVersion.OpenApi3_1));
        var document = result.Document ?? throw new AssertionException("no document");
        Assert.That(document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.Select(e => $"{e.Pointer}: {e.Message}"), Is.Empty);
        Assert.That(document.Paths, Has.Count.EqualTo(ApiFunction.Routes.Select(route => route.Template).Distinct().Count()));
    }

    [Test]
    public void Document_KeepsTheOpenApiInitiativesSchemaOfOpenApi31()
    {
        Assert.That(OpenApiMetaSchema.Check(OpenApiDescription.Json), Is.Empty);
    }

    [TestCase("parameter in the body")]
    [TestCase("unknown method")]
    [TestCase("status that is no status")]
    public void MetaSchema_RefusesABrokenCopy(string breakage)
    {
        var broken = JsonNode.Parse(OpenApiDescription.Json)!;
        var health = broken["paths"]!["/health"]!;
        switch (breakage)
        {
            case "parameter in the body":
                broken["components"]!["parameters"]!["Name"]!["in"] = "body";
                break;
            case "unknown method":
                health["fetch"] = health["get"]!.DeepClone();
                break;
            default:
                health["get"]!["responses"]!["2000"] = new JsonObject { ["description"] = "no status" };
                break;
        }

        Assert.That(OpenApiMetaSchema.Check(broken.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void Document_EveryReferenceResolves_AndEveryOperationHasAnIdAndResponses()
    {
        var root = JsonNode.Parse(OpenApiDescription.Json)!;
        var unresolved = References(root).Where(reference => Pointer(root, reference) is null).ToList();
        var operations = root["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()).Select(op => op.Value!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(unresolved, Is.Empty);
            Assert.That(operations.Select(op => op["operationId"]?.GetValue<string>()), Is.Unique.And.All.Not.Null);
            Assert.That(operations.Select(op => op["responses"]?.AsObject().Count ?? 0), Has.All.GreaterThan(0));
        });
    }

    [Test]
    public async Task GetOpenApiJson_ServesTheDocumentToACallerWithoutCredentials()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Get("/openapi.json").WithAuthorizer(null));

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers!["content-type"], Does.StartWith("application/json"));
        Assert.That(response.Body, Is.EqualTo(OpenApiDescription.Json));
        using var served = JsonDocument.Parse(response.Body!);
        Assert.That(served.RootElement.GetProperty("openapi").GetString(), Is.EqualTo("3.1.0"));
    }

    [Test]
    public async Task PostOpenApiJson_Is405EvenWithoutCredentials()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/openapi.json").WithBody("{}", "application/json").WithAuthorizer(null));

        Assert.That(response.StatusCode, Is.EqualTo(405));
    }

    private static IEnumerable<string> RouteList(string terraform, string local)
    {
        var list = Regex.Match(terraform, local + @"\s*=\s*\[(?<items>[^\]]*)\]");
        Assert.That(list.Success, Is.True, $"main.tf has no local {local}");
        return Regex.Matches(list.Groups["items"].Value, "\"(?<key>[A-Z]+ /[^\"]*)\"").Select(m => m.Groups["key"].Value);
    }

    private static IEnumerable<string> References(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue value ? [value.GetValue<string>()] : p.Value is null ? [] : References(p.Value)),
        JsonArray array => array.SelectMany(item => item is null ? [] : References(item)),
        _ => [],
    };

    private static JsonNode? Pointer(JsonNode root, string reference) =>
        reference.StartsWith("#/", StringComparison.Ordinal)
            ? reference[2..].Split('/').Aggregate((JsonNode?)root, (node, part) => node is JsonObject obj ? obj[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)] : null)
            : null;
}
