using System.Text.Json;
using System.Text.Unicode;

namespace Enrichment.Functions.Api;

/// <summary>Reads the body of POST /enrich: one flat JSON object of contact fields.</summary>
internal static class SingleContact
{
    public static IReadOnlyList<KeyValuePair<string, string?>> Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new RequestException("the request body is empty: send one contact as a JSON object");
        }

        // The JSON reader checks UTF-8 only when a string is read: invalid bytes inside a string would otherwise surface as a 500.
        if (!Utf8.IsValid(body))
        {
            throw new RequestException("the body is not valid UTF-8: send the contact as a UTF-8 JSON object");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestException("the body must be a JSON object with the contact's fields");
            }

            var fields = new List<KeyValuePair<string, string?>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields.Add(new(property.Name, property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                }));
            }

            return fields;
        }
        catch (JsonException ex)
        {
            throw new RequestException($"the body is not valid JSON (line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1})");
        }
    }
}
