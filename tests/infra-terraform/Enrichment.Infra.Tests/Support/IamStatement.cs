using System.Text.Json;

namespace Enrichment.Infra.Tests.Support;

/// <summary>One statement of an IAM policy document, with Action/Resource normalised to lists.</summary>
public sealed record IamStatement(string Policy, string? Sid, string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, bool HasNegation, JsonElement? Condition)
{
    public static IReadOnlyList<IamStatement> Parse(string policyName, string policyJson)
    {
        using var document = JsonDocument.Parse(policyJson);
        var statements = document.RootElement.GetProperty("Statement");
        var items = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
        return items.Select(s => new IamStatement(
            policyName,
            s.TryGetProperty(nameof(Sid), out var sid) ? sid.GetString() : null,
            s.GetProperty(nameof(Effect)).GetString()!,
            Strings(s, "Action"),
            Strings(s, "Resource"),
            s.TryGetProperty("NotAction", out _) || s.TryGetProperty("NotResource", out _),
            s.TryGetProperty(nameof(Condition), out var condition) ? condition.Clone() : null)).ToList();
    }

    private static List<string> Strings(JsonElement statement, string name)
    {
        if (!statement.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [value.GetString()!];
    }
}
