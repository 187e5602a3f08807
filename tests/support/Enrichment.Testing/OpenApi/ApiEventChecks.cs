using System.Text;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Testing.OpenApi;

/// <summary>The contract check for tests that call the API function in-process, with API Gateway's event and answer.</summary>
public static class ApiEventChecks
{
    /// <summary>Fails the test when the function's answer to the event breaks the document.</summary>
    public static void Verify(this OpenApiContract contract, APIGatewayHttpApiV2ProxyRequest request, APIGatewayHttpApiV2ProxyResponse response)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var body = response.IsBase64Encoded && response.Body is { } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : response.Body;
        var contentType = response.Headers?.FirstOrDefault(h => string.Equals(h.Key, "content-type", StringComparison.OrdinalIgnoreCase)).Value;
        contract.Verify(request.RequestContext?.Http?.Method ?? "GET", RoutedPath(request), response.StatusCode, contentType, body);
    }

    /// <summary>The path as the function routes it: without the stage prefix a named stage puts in front.</summary>
    private static string RoutedPath(APIGatewayHttpApiV2ProxyRequest request)
    {
        var path = request.RawPath ?? request.RequestContext?.Http?.Path ?? "/";
        var stage = request.RequestContext?.Stage;
        return !string.IsNullOrEmpty(stage) && stage != "$default" && path.StartsWith($"/{stage}/", StringComparison.Ordinal) ? path[(stage.Length + 1)..] : path;
    }
}
