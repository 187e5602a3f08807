using Enrichment.Functions.Api;

namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// Kestrel answers a request it cannot parse (431, 414, a malformed chunked body, <c>%00</c> in the
/// path, no Host) itself, before any application code, with an empty body that cannot be customised.
/// Such an answer is recognisable on the wire: a 4xx/5xx header block with <c>Content-Length: 0</c>
/// and <c>Connection: close</c> and nothing after it, written in one piece as the connection's last
/// words. The application never answers that way (its errors all carry JSON), so the block is
/// rewritten to carry the same JSON error every other route sends.
/// </summary>
public static class KestrelErrorBodies
{
    private static ReadOnlySpan<byte> EmptyLength => "\r\nContent-Length: 0\r\n"u8;

    private static ReadOnlySpan<byte> Close => "\r\nConnection: close\r\n"u8;

    /// <summary>The rewritten bytes, or null when <paramref name="written"/> is not such an answer.</summary>
    public static byte[]? TryRewrite(ReadOnlySpan<byte> written)
    {
        if (written.Length < 16 || written.Length > 4096 || !written.StartsWith("HTTP/1."u8) || !written.EndsWith("\r\n\r\n"u8))
        {
            return null;
        }

        var end = written.IndexOf("\r\n\r\n"u8);
        if (end != written.Length - 4 || written.IndexOf(EmptyLength) < 0 || written.IndexOf(Close) < 0)
        {
            return null;
        }

        var status = (written[9] - '0') * 100 + (written[10] - '0') * 10 + (written[11] - '0');
        if (status is < 400 or > 599)
        {
            return null;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(Message(status)), ApiJsonContext.Default.ErrorResponse);
        var head = Encoding.ASCII.GetString(written[..(end + 2)])
            .Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Length: {body.Length}\r\nContent-Type: application/json; charset=utf-8\r\n", StringComparison.Ordinal);
        var headBytes = Encoding.ASCII.GetBytes(head + "\r\n");
        return [.. headBytes, .. body];
    }

    public static string Message(int status) => status switch
    {
        400 => "malformed HTTP request (bad request line, header, path or chunked body)",
        408 => "the request took too long to arrive",
        411 => "a Content-Length is required",
        413 => "the request body is too large",
        414 => "the request URI is too long",
        431 => "the request headers are too large",
        501 => "this transfer encoding or method is not implemented",
        505 => "this HTTP version is not supported",
        _ => "the request could not be processed",
    };
}
