namespace Enrichment.Core.Providers.Http;

/// <summary>
/// A bulk endpoint: the body is <c>{"&lt;requestProperty&gt;": [{"&lt;idField&gt;": "0", ...}]}</c>
/// and the answer <c>{"&lt;responseProperty&gt;": [{"&lt;idField&gt;": "0", ...}]}</c>, matched by id.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
// Settable, not init: the source-generated serializer would overwrite init-only defaults of absent properties.
public sealed record HttpBulkDefinition
{
    public Uri? Endpoint { get; init; }

    public int MaxRecords { get; set; } = 100;

    public string RequestProperty { get; set; } = "records";

    public string ResponseProperty { get; set; } = "results";

    public string IdField { get; set; } = "id";
}
