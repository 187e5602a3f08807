using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Enrichment.Testing.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 document as a contract for what the tests receive: for a method, path and
/// status, the document must list that status for that operation, the body's media type must be
/// one it lists, and a JSON body must validate against its schema (JSON Schema 2020-12, formats
/// included). A path the document lacks must answer 404, and a method it lacks on a listed path 405,
/// or what the gateway answers before routing (401, 403, 413, 421, 429, 503), each as the
/// document's component response says.
/// </summary>
public sealed class OpenApiContract
{
    private const string SchemasPrefix = "#/components/schemas/";

    /// <summary>Answers made before the route is known: the gateway's and the host's, by the component response that describes them.</summary>
    private static readonly Dictionary<int, string> BeforeRouting = new()
    {
        [401] = "Unauthorized",
        [403] = "Forbidden",
        [413] = "PayloadTooLarge",
        [421] = "MisdirectedRequest",
        [429] = "TooManyRequests",
        [503] = "ServiceUnavailable",
    };

    private static int NextId;

    private readonly JsonObject _document;
    private readonly JsonObject _definitions;
    private readonly List<(string Template, string[] Parts, JsonObject Item)> _paths = [];
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    private OpenApiContract(JsonObject document)
    {
        _document = document;
        // Component schemas become $defs of every schema built from the document, their references rewritten to match.
        var components = Rewrite(document["components"]?["schemas"] ?? new JsonObject());
        _definitions = components.AsObject();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            _paths.Add((template, template.Split('/', StringSplitOptions.RemoveEmptyEntries), item!.AsObject()));
        }
    }

    public static OpenApiContract Parse(string json) =>
        new(JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("the OpenAPI document is not a JSON object"));

    /// <summary>Every operation as an API Gateway route key, e.g. <c>GET /jobs/{id}</c>.</summary>
    public IReadOnlyList<string> RouteKeys =>
        [.. _paths.SelectMany(p => p.Item.Select(op => op.Key).Where(IsMethod).Select(method => $"{method.ToUpperInvariant()} {p.Template}"))];

    /// <summary>Fails the test with every way the response breaks the document.</summary>
    public void Verify(string method, string path, int status, string? contentType, string? body)
    {
        var problems = Check(method, path, status, contentType, body);
        if (problems.Count > 0)
        {
            Assert.Fail($"{method} {path} answered {status}, which the OpenAPI document does not allow:\n  " + string.Join("\n  ", problems));
        }
    }

    /// <summary>Every way the response breaks the document; empty when it keeps it.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? contentType, string? body)
    {
        var segments = path.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var matches = _paths.Where(p => Matches(p.Parts, segments)).OrderBy(p => p.Parts.Count(part => part.StartsWith('{'))).ToList();
        var operation = matches.Select(p => p.Item[method.ToLowerInvariant()]).FirstOrDefault(op => op is not null);
        var where = $"{method.ToUpperInvariant()} {(matches.Count > 0 ? matches[0].Template : path)}";
        if (operation is not null)
        {
            var responses = operation["responses"]!.AsObject();
            return responses[status.ToString(CultureInfo.InvariantCulture)] is { } listed
                ? CheckResponse(where, status, Resolve(listed), contentType, body)
                : [$"{where} does not list status {status} (it lists {string.Join(", ", responses.Select(r => r.Key))})"];
        }

        var fallback = matches.Count > 0 ? (405, "MethodNotAllowed") : (404, "NoRoute");
        var name = status == fallback.Item1 ? fallback.Item2 : BeforeRouting.GetValueOrDefault(status);
        return name is null
            ? [$"{where} is not in the document, so it must answer {fallback.Item1} (or a gateway's {string.Join(", ", BeforeRouting.Keys)}), not {status}"]
            : CheckResponse(where, status, Resolve(_document["components"]!["responses"]![name]!), contentType, body);
    }

    private List<string> CheckResponse(string where, int status, JsonObject response, string? contentType, string? body)
    {
        var content = response["content"]?.AsObject();
        if (string.IsNullOrEmpty(body))
        {
            return content is { Count: > 0 } && status != 304 ? [$"{where} {status}: the document gives a body, the response has none"] : [];
        }

        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var entry = content?.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase)).Value;
        if (entry is null)
        {
            return [$"{where} {status}: media type '{mediaType}' is not among the document's ({string.Join(", ", content?.Select(c => c.Key) ?? [])})"];
        }

        if (!IsJson(mediaType) || entry["schema"] is not { } schemaNode)
        {
            return [];
        }

        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            return [$"{where} {status}: the body is not JSON"];
        }

        var results = Schema(schemaNode).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{where} {status}: at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Key}: {e.Value}"))
                .DefaultIfEmpty($"{where} {status}: the body does not validate against the document's schema")];
    }

    private JsonSchema Schema(JsonNode schema)
    {
        var text = schema.ToJsonString();
        return _schemas.GetOrAdd(text, _ =>
        {
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = _definitions.DeepClone(),
                ["allOf"] = new JsonArray(Rewrite(schema)),
            };
            var id = new Uri($"https://openapi.test/schema/{Interlocked.Increment(ref NextId)}");
            using var parsed = JsonDocument.Parse(root.ToJsonString());
            return JsonSchema.Build(parsed.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, id);
        });
    }

    /// <summary>A response object, following its $ref into components.responses.</summary>
    private JsonObject Resolve(JsonNode response)
    {
        for (var hops = 0; hops < 8 && response["$ref"]?.GetValue<string>() is { } reference; hops++)
        {
            response = reference.Split('/').Skip(1).Aggregate((JsonNode?)_document, (node, part) => node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)])
                ?? throw new InvalidDataException($"the OpenAPI document's {reference} does not resolve");
        }

        return response.AsObject();
    }

    private static JsonNode Rewrite(JsonNode node) =>
        JsonNode.Parse(node.ToJsonString().Replace($"\"{SchemasPrefix}", "\"#/$defs/", StringComparison.Ordinal))!;

    private static bool Matches(string[] template, string[] segments) =>
        template.Length == segments.Length
        && template.Zip(segments).All(pair => pair.First.StartsWith('{') ? pair.Second.Length > 0 : string.Equals(pair.First, pair.Second, StringComparison.Ordinal));

    private static bool IsMethod(string key) => key is "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace";

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
}
