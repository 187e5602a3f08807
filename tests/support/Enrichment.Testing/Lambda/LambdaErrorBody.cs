using System.Text.Json;

namespace Enrichment.Testing.Lambda;

/// <summary>Reads the fields of an error body (<c>{"errorMessage","errorType","stackTrace"}</c>), tolerating bodies that are not JSON.</summary>
internal static class LambdaErrorBody
{
    public static (string? Type, string? Message, IReadOnlyList<string> StackTrace) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, []);
            }

            var stack = root.TryGetProperty("stackTrace", out var trace) && trace.ValueKind == JsonValueKind.Array
                ? trace.EnumerateArray().Select(line => line.GetString() ?? string.Empty).ToList()
                : [];
            return (Text(root, "errorType"), Text(root, "errorMessage"), stack);
        }
        catch (JsonException)
        {
            return (null, null, []);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
