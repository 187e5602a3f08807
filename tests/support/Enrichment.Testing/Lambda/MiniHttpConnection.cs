using System.Globalization;
using System.Text;

namespace Enrichment.Testing.Lambda;

/// <summary>
/// Just enough HTTP/1.1 for a fake of a local service: keep-alive requests with a Content-Length or
/// chunked body, and responses with a Content-Length. Not a general server.
/// </summary>
internal sealed class MiniHttpConnection(Stream stream)
{
    private const int MaxHeadBytes = 64 * 1024;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next request, or null when the peer closed the connection between requests.</summary>
    public async Task<MiniHttpRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end - _start > MaxHeadBytes)
            {
                throw new InvalidDataException("HTTP head too long.");
            }

            if (!await FillAsync(cancellationToken))
            {
                return _end == _start ? null : throw new InvalidDataException("Connection closed inside an HTTP head.");
            }
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headEnd - _start);
        _start = headEnd + 4;
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3)
        {
            throw new InvalidDataException("Malformed request line.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        byte[] body;
        if (headers.TryGetValue("Content-Length", out var lengthText))
        {
            body = await ReadExactAsync(int.Parse(lengthText, CultureInfo.InvariantCulture), cancellationToken);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(cancellationToken);
        }
        else
        {
            body = [];
        }

        return new MiniHttpRequest(requestLine[0], requestLine[1], headers, body);
    }

    public async Task WriteResponseAsync(
        int status,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body,
        CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        404 => "Not Found",
        413 => "Payload Too Large",
        _ => "Status",
    };

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        for (var chunks = 0; chunks < 1_000_000; chunks++)
        {
            var sizeLine = await ReadLineAsync(cancellationToken);
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                // Trailers end with an empty line.
                for (var trailers = 0; trailers < 100 && (await ReadLineAsync(cancellationToken)).Length > 0; trailers++)
                {
                }

                return body.ToArray();
            }

            body.Write(await ReadExactAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken);
        }

        throw new InvalidDataException("Too many chunks.");
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = IndexOf("\r\n"u8)) < 0)
        {
            if (_end - _start > MaxHeadBytes || !await FillAsync(cancellationToken))
            {
                throw new InvalidDataException("Malformed chunked body.");
            }
        }

        var line = Encoding.ASCII.GetString(_buffer, _start, end - _start);
        _start = end + 2;
        return line;
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var buffered = Math.Min(count, _end - _start);
        Array.Copy(_buffer, _start, result, 0, buffered);
        _start += buffered;
        if (buffered < count)
        {
            await stream.ReadExactlyAsync(result.AsMemory(buffered), cancellationToken);
        }

        return result;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }

    private int IndexOf(ReadOnlySpan<byte> value)
    {
        var index = _buffer.AsSpan(_start, _end - _start).IndexOf(value);
        return index < 0 ? -1 : _start + index;
    }
}
