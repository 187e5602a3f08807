using System.Text.Json;

namespace Enrichment.Infra.Tests.Support;

/// <summary>One managed resource from `terraform show -json` (a plan's planned values or the state).</summary>
public sealed record TerraformResource(string Address, string Type, JsonElement Values)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public string? Text(string attribute) =>
        Values.TryGetProperty(attribute, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public JsonElement Get(string attribute) =>
        Values.TryGetProperty(attribute, out var value) ? value : throw new KeyNotFoundException($"{Address} has no known '{attribute}'");

    /// <summary>Every managed resource under planned_values (plan) or values (state), child modules included.</summary>
    public static IReadOnlyList<TerraformResource> All(JsonDocument showJson)
    {
        var root = showJson.RootElement;
        var values = root.TryGetProperty("planned_values", out var planned) ? planned : root.GetProperty("values");
        var found = new List<TerraformResource>();
        Collect(values.GetProperty("root_module"), "managed", found, depth: 0);
        return found;
    }

    /// <summary>The data sources a plan read (its prior state): what they resolved to at plan time.</summary>
    public static IReadOnlyList<TerraformResource> DataSourcesOf(JsonDocument plan, string type)
    {
        var found = new List<TerraformResource>();
        if (plan.RootElement.TryGetProperty("prior_state", out var prior) && prior.TryGetProperty("values", out var values))
        {
            Collect(values.GetProperty("root_module"), "data", found, depth: 0);
        }

        return found.Where(r => r.Type == type).ToList();
    }

    public static IReadOnlyList<TerraformResource> OfType(JsonDocument showJson, string type) =>
        All(showJson).Where(r => r.Type == type).ToList();

    private static void Collect(JsonElement module, string mode, List<TerraformResource> found, int depth)
    {
        if (depth > 10)
        {
            return;
        }

        if (module.TryGetProperty("resources", out var resources))
        {
            foreach (var resource in resources.EnumerateArray())
            {
                if (resource.GetProperty("mode").GetString() == mode)
                {
                    found.Add(new TerraformResource(
                        resource.GetProperty("address").GetString()!,
                        resource.GetProperty("type").GetString()!,
                        // A resource whose every attribute is unknown until apply has no values at all.
                        resource.TryGetProperty("values", out var values) ? values : EmptyObject));
                }
            }
        }

        if (module.TryGetProperty("child_modules", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Collect(child, mode, found, depth + 1);
            }
        }
    }
}
