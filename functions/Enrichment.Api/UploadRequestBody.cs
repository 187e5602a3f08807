using System.Text.Json;
using System.Text.Unicode;

namespace Enrichment.Functions.Api;

/// <summary>Reads the body of POST /jobs/uploads; a bad body is a 400 that says where, never the parser's own text.</summary>
internal static class UploadRequestBody
{
    public static UploadRequest? Parse(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new RequestException("the body is not valid UTF-8: send the upload request as a UTF-8 JSON object");
        }

        try
        {
            return JsonSerializer.Deserialize(body, ApiJsonContext.Default.UploadRequest);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            var line = ex.LineNumber is { } number ? $" (line {number + 1}, column {ex.BytePositionInLine + 1})" : string.Empty;
            throw new RequestException(
                $"the body is not a valid upload request{where}{line}: expected a JSON object with fileName, format, output, providers (a list of provider names), size, sheet, callbackUrl, webhookSecret and dryRun");
        }
    }
}
