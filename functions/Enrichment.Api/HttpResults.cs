using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Enrichment.Core.Services;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

internal static class HttpResults
{
    public static APIGatewayHttpApiV2ProxyResponse Json<T>(int statusCode, T value, JsonTypeInfo<T> type, bool noStore = false) =>
        Response(statusCode, JsonSerializer.Serialize(value, type), noStore);

    public static APIGatewayHttpApiV2ProxyResponse Error(int statusCode, string message) =>
        Json(statusCode, new ErrorResponse(message), ApiJsonContext.Default.ErrorResponse);

    /// <summary>A service's refusal: its kind's status code and its message as the error body.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Refused(Refusal refusal) => Error(RefusalStatus.Of(refusal), refusal.Message);

    /// <summary>A flat JSON object of string fields, in the given order.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Fields(int statusCode, IReadOnlyList<KeyValuePair<string, string?>> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return Response(statusCode, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), noStore: true);
    }

    private static APIGatewayHttpApiV2ProxyResponse Response(int statusCode, string body, bool noStore) => new()
    {
        StatusCode = statusCode,
        Body = body,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["content-type"] = "application/json; charset=utf-8",
            // Status bodies carry short-lived download links: keep them out of caches.
            ["cache-control"] = noStore ? "no-store" : "no-cache",
        },
    };
}
