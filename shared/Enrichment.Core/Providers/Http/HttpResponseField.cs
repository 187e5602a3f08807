namespace Enrichment.Core.Providers.Http;

/// <summary>Where one output value is found in an answer, and the column it becomes.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpResponseField
{
    /// <summary>Dot-separated path of property names, e.g. <c>employment.title</c>.</summary>
    public string? Path { get; init; }

    /// <summary>Output column; defaults to <c>&lt;provider&gt;_&lt;field&gt;</c>.</summary>
    public string? Column { get; init; }
}
