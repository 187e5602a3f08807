namespace Enrichment.Core.Input;

/// <summary>
/// Whether a request body can reach the API function inside Lambda's event. Lambda's 6 MB limit
/// (6,291,456 bytes) is on the whole invocation event, and API Gateway puts the body in that event
/// either base64-encoded (4 bytes per 3) or as a JSON string (quotes, backslashes and control
/// characters escaped). Which one a content type gets is API Gateway's choice, so a body passes
/// only if it fits both ways, with room left for the rest of the event. The API function and the
/// local host's bridge both ask here, so both refuse a list as too large at the same byte.
/// </summary>
public static class InlineBodyLimit
{
    /// <summary>Lambda's synchronous invocation payload limit, on the whole event.</summary>
    public const long LambdaEventBytes = 6 * 1024 * 1024;

    /// <summary>
    /// The rest of the event: the request line and headers (API Gateway caps them at 10,240 bytes)
    /// appear in it up to twice (raw and parsed) and at worst six times longer once JSON-escaped,
    /// plus the request context and field names.
    /// </summary>
    public const long EnvelopeBytes = 128 * 1024;

    /// <summary>The most bytes the body may take in the event, however it is encoded.</summary>
    public const long MaxEncodedBodyBytes = LambdaEventBytes - EnvelopeBytes;

    /// <summary>The real inline maximum: the largest body whose base64 form still fits (4,620,288 bytes).</summary>
    public const long MaxBodyBytes = MaxEncodedBodyBytes / 4 * 3;

    /// <summary>A cheap first check on a declared length: a longer body can never fit.</summary>
    public static bool MayFit(long length) => length <= MaxBodyBytes;

    /// <summary>True when the body fits in the event both base64-encoded and as an escaped JSON string.</summary>
    public static bool Fits(ReadOnlySpan<byte> body) =>
        MayFit(body.Length) && Base64Length(body.Length) <= MaxEncodedBodyBytes && JsonStringLength(body) <= MaxEncodedBodyBytes;

    /// <summary>The too-large refusal's message: what the limit is and where big lists go instead.</summary>
    public static string TooLargeMessage(long maxBodyBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"the list is over the inline maximum of {maxBodyBytes:N0} bytes (it must fit in the Lambda event once encoded): use POST /jobs/uploads for large lists");

    public static long Base64Length(long length) => (length + 2) / 3 * 4;

    /// <summary>
    /// Bytes of the body as a JSON string's contents: <c>"</c>, <c>\</c> and the five control
    /// characters with short escapes take 2, other control characters 6 (<c>\u00XX</c>), the rest 1
    /// (UTF-8 is carried as it is).
    /// </summary>
    public static long JsonStringLength(ReadOnlySpan<byte> body)
    {
        long length = body.Length;
        foreach (var b in body)
        {
            if (b is (byte)'"' or (byte)'\\' or (byte)'\b' or (byte)'\f' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                length += 1;
            }
            else if (b < 0x20)
            {
                length += 5;
            }
        }

        return length;
    }
}
