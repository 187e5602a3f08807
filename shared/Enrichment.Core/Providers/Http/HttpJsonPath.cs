namespace Enrichment.Core.Providers.Http;

/// <summary>Dot-separated property paths into an answer, e.g. <c>employment.title</c>.</summary>
internal static class HttpJsonPath
{
    /// <summary>The value as text (numbers in their JSON form), or null when absent or null.</summary>
    public static string? Read(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.TryGetDouble(out var number) ? number.ToString(CultureInfo.InvariantCulture) : element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(),
        };
    }
}
