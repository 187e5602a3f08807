using System.Net;

namespace Enrichment.Aws.Tests.Support;

/// <summary>
/// Forwards requests to moto one at a time. moto's TransactWriteItems is not isolated: a cancelled
/// transaction restores a copy of the whole table taken before it ran, erasing what a concurrent
/// request wrote meanwhile. DynamoDB's transactions are serializable; serializing the requests
/// gives moto that isolation, while the callers still race exactly as concurrent workers do.
/// </summary>
internal sealed class SerializingMotoProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Connection", "Expect", "Transfer-Encoding", "Keep-Alive",
    };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Uri _target;
    private readonly LoopbackHttpServer _server;

    public SerializingMotoProxy(Uri target)
    {
        _target = target;
        _server = LoopbackHttpServer.Start(ForwardAsync);
    }

    public Uri Endpoint => _server.Endpoint;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
        _gate.Dispose();
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        // The client signed the proxy's host; moto checks signatures when IAM is enforced (IamMoto).
        request.Headers.Host = context.Request.Headers["Host"];
        foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }

            var value = context.Request.Headers[name];
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        await _gate.WaitAsync();
        try
        {
            using var response = await _client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopHeaders.Contains(header.Key))
                {
                    context.Response.Headers[header.Key] = string.Join(",", header.Value);
                }
            }

            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
        }
        finally
        {
            _gate.Release();
        }
    }
}
