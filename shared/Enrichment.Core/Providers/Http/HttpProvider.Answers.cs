using System.Net;

namespace Enrichment.Core.Providers.Http;

// The answer side of HttpProvider: status codes to failures, single and bulk bodies to mapped
// values. Kept apart from the calling side so each file reads on its own.
public sealed partial class HttpProvider
{
    private async ValueTask<HttpProviderFailure?> ReadAsync(
        HttpResponseMessage response,
        List<HttpLookup> chunk,
        HttpBulkDefinition? bulk,
        HttpProviderKeyResult auth,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (bulk is null && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // No match for this person: no columns, not an error.
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var hint = auth.Source is { } source ? $"check the key in {source}" : "the definition has no auth section";
            return new HttpProviderFailure(HttpProviderFailure.Rejected, $"{Name}: the API refused the credentials (HTTP {status}); {hint}");
        }

        if (!response.IsSuccessStatusCode)
        {
            return HttpResiliencePipeline.IsTransient(response.StatusCode)
                ? new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{Name}: HTTP {status} after retries")
                : new HttpProviderFailure(HttpProviderFailure.Rejected, $"{Name}: HTTP {status}");
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using (stream)
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                return bulk is null ? ReadSingle(chunk[0], document.RootElement) : ReadBulk(chunk, bulk, document.RootElement);
            }
        }
        catch (JsonException)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer is not valid JSON");
        }
    }

    private HttpProviderFailure? ReadSingle(HttpLookup lookup, JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer is not a JSON object");
        }

        lookup.Answer = Extract(answer);
        return null;
    }

    private HttpProviderFailure? ReadBulk(List<HttpLookup> chunk, HttpBulkDefinition bulk, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(bulk.ResponseProperty, out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer has no '{bulk.ResponseProperty}' array");
        }

        foreach (var result in results.EnumerateArray())
        {
            // Ids are the lookup's index in the chunk, so an id outside it is ignored, and so is a repeat.
            if (result.ValueKind == JsonValueKind.Object
                && HttpJsonPath.Read(result, bulk.IdField) is { } id
                && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < chunk.Count
                && chunk[index].Answer is null)
            {
                chunk[index].Answer = Extract(result);
            }
        }

        return null;
    }

    /// <summary>The mapped values of one answer; an answer without any is no match.</summary>
    private HttpProviderAnswer Extract(JsonElement answer)
    {
        Dictionary<string, string>? values = null;
        foreach (var (path, column, _) in _mappings)
        {
            if (HttpJsonPath.Read(answer, path) is { Length: > 0 } value)
            {
                (values ??= new Dictionary<string, string>(StringComparer.Ordinal))[column] = value;
            }
        }

        return values is null
            ? HttpProviderAnswer.NoMatch
            : new HttpProviderAnswer
            {
                Values = values,
                Confidence = _definition.MatchConfidence is { } confidence ? HttpJsonPath.Read(answer, confidence) : null,
            };
    }
}
