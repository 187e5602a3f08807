using System.Text.Json;
using Json.Schema;

namespace Enrichment.Testing.OpenApi;

/// <summary>
/// The OpenAPI Initiative's JSON Schema of OpenAPI 3.1 documents (carried beside this file with its
/// licence): a check of a document's shape independent of any OpenAPI library's reader.
/// </summary>
public static class OpenApiMetaSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    /// <summary>Every place the document breaks the schema; empty when it keeps it.</summary>
    public static IReadOnlyList<string> Check(string documentJson)
    {
        using var document = JsonDocument.Parse(documentJson);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Key}: {e.Value}"))
                .DefaultIfEmpty("the document does not validate against the OpenAPI 3.1 schema")];
    }

    private static JsonSchema Load()
    {
        using var stream = typeof(OpenApiMetaSchema).Assembly.GetManifestResourceStream("Enrichment.Testing.OpenApi.oas-3.1-schema.json")
            ?? throw new InvalidOperationException("the OpenAPI 3.1 schema is not embedded");
        using var reader = new StreamReader(stream);
        // JsonSchema.Net 8.0.5 files a patternProperties key under its JSON-pointer-escaped form and
        // then fails to find "^/" again (KeyNotFoundException '^~1'): the same pattern, spelt \x2F.
        var text = reader.ReadToEnd().Replace("\"^/\":", "\"^\\\\x2F\":", StringComparison.Ordinal);
        using var schema = JsonDocument.Parse(text);
        return JsonSchema.Build(schema.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }
}
