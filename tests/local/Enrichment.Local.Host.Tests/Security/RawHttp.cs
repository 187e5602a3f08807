using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>Bytes on a socket: for requests no well-behaved client library would send.</summary>
internal static class RawHttp
{
    public static Task<RawResponse> SendAsync(int port, string request) => SendAsync(port, Encoding.ASCII.GetBytes(request));

    /// <summary>Sends the bytes and reads until the server closes the connection (at most 30 s).</summary>
    public static async Task<RawResponse> SendAsync(int port, byte[] request)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, limit.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, limit.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a header too large).
        }

        using var received = new MemoryStream();
        var buffer = new byte[65536];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what arrived is the answer.
        }

        return RawResponse.Parse(received.ToArray());
    }
}

internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidDataException($"no HTTP answer: '{text}'");
        }

        var lines = text[..end].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        return new RawResponse(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, text[(end + 4)..]);
    }

    /// <summary>The "error" of a JSON error body (throws when the body is not one).</summary>
    public string Error()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetProperty("error").GetString() ?? throw new InvalidDataException("error is null");
    }
}
