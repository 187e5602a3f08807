namespace Enrichment.Local.Objects;

/// <summary>
/// The local host's /objects/{key} route without the web framework: checks the signature, then
/// streams the object (GET/HEAD) or stores the request body (PUT). Expired or tampered links get
/// 403 like S3's pre-signed URLs; a missing object gets 404.
/// </summary>
public sealed class LocalObjectEndpoint(DirectoryObjectStore store, LocalUrlSigner signer)
{
    /// <param name="method">HTTP method.</param>
    /// <param name="rawPath">The request path as sent, still percent-encoded (e.g. /objects/jobs/a/enriched.csv).</param>
    /// <param name="rawQuery">The query string as sent, with or without the leading '?'.</param>
    /// <param name="body">The request body of a PUT.</param>
    /// <param name="contentLength">The PUT's Content-Length header; it must equal the length the link was signed for.</param>
    public async Task<LocalObjectResponse> HandleAsync(string method, string rawPath, string? rawQuery, Stream? body, CancellationToken cancellationToken, long? contentLength = null)
    {
        var operation = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => "get",
            "PUT" => "put",
            _ => null,
        };
        if (operation is null)
        {
            return new LocalObjectResponse(405, Message: "method not allowed");
        }

        if (!rawPath.StartsWith(LocalUrlSigner.RoutePrefix, StringComparison.Ordinal))
        {
            return new LocalObjectResponse(404, Message: "not found");
        }

        var key = string.Join('/', rawPath[LocalUrlSigner.RoutePrefix.Length..].Split('/').Select(Uri.UnescapeDataString));
        if (!ObjectKeys.IsValid(key))
        {
            return new LocalObjectResponse(400, Message: "invalid object key");
        }

        var query = ParseQuery(rawQuery);
        query.TryGetValue("name", out var name);
        var check = query.TryGetValue("op", out var op) && op == operation
            ? signer.Verify(operation, key, query.GetValueOrDefault("expires"), name, query.GetValueOrDefault("sig"), query.GetValueOrDefault("length"))
            : SignatureCheck.Tampered;
        switch (check)
        {
            case SignatureCheck.Expired:
                return new LocalObjectResponse(403, Message: "Request has expired");
            case SignatureCheck.Tampered:
                return new LocalObjectResponse(403, Message: "The request signature does not match");
        }

        if (operation == "put")
        {
            return await PutAsync(key, query.GetValueOrDefault("length"), body, contentLength, cancellationToken);
        }

        var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return new LocalObjectResponse(404, Message: "The specified key does not exist.");
        }

        return new LocalObjectResponse(200, stream, ContentTypeOf(key), name is null ? null : Disposition(name), stream.Length);
    }

    /// <summary>
    /// A PUT as S3 takes one on a link with a signed Content-Length: the body must declare exactly
    /// that length (a chunked body has none: 411). An upload link is also used once: a second PUT
    /// to a key that holds an object already is refused, so a job's list is never swapped or mixed.
    /// </summary>
    private async Task<LocalObjectResponse> PutAsync(string key, string? signedLength, Stream? body, long? contentLength, CancellationToken cancellationToken)
    {
        if (signedLength is null)
        {
            return new LocalObjectResponse(403, Message: "The upload link carries no signed Content-Length");
        }

        if (contentLength is null)
        {
            return new LocalObjectResponse(411, Message: "A Content-Length is required");
        }

        if (contentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) != signedLength)
        {
            return new LocalObjectResponse(403, Message: $"The Content-Length does not match the signed length of {signedLength} bytes");
        }

        bool stored;
        if (body is FileStream { CanSeek: true, Position: 0, Name: var path } file && file.Length == contentLength)
        {
            // `enrich` hands over its input file: the kernel copies it, not this process (issue 13).
            try
            {
                stored = store.TryPutNewCopy(key, path, contentLength.Value);
            }
            catch (InvalidDataException)
            {
                return new LocalObjectResponse(400, Message: "The body's length does not match its Content-Length");
            }
        }
        else
        {
            stored = await store.TryPutNewAsync(key, body ?? Stream.Null, cancellationToken);
        }

        return stored
            ? new LocalObjectResponse(200)
            : new LocalObjectResponse(409, Message: "An object was uploaded through this link already");
    }

    public static string ContentTypeOf(string key) => Path.GetExtension(key).ToUpperInvariant() switch
    {
        ".CSV" => "text/csv; charset=utf-8",
        ".JSONL" => "application/x-ndjson",
        ".JSON" => "application/json",
        ".TXT" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static string Disposition(string name)
    {
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }

        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }

    private static Dictionary<string, string> ParseQuery(string? rawQuery)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(rawQuery))
        {
            return values;
        }

        foreach (var pair in rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            // A repeated parameter is a forgery attempt or a bug; keep the first, the signature decides.
            values.TryAdd(name, value);
        }

        return values;
    }
}
