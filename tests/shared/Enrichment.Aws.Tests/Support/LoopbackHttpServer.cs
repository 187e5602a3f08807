using System.Net;
using System.Net.Sockets;

namespace Enrichment.Aws.Tests.Support;

/// <summary>A tiny HTTP server on 127.0.0.1 for stubs and proxies; stops on dispose.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly Task _loop;

    private LoopbackHttpServer(HttpListener listener, Uri endpoint, Func<HttpListenerContext, Task> handler)
    {
        _listener = listener;
        _handler = handler;
        Endpoint = endpoint;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    public static LoopbackHttpServer Start(Func<HttpListenerContext, Task> handler)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(endpoint.ToString());
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, endpoint, handler);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between probing and binding: try another.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The loop ends with the listener; nothing else to wait for.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context);
                }
                catch (Exception exception) when (exception is HttpListenerException or IOException or HttpRequestException)
                {
                    context.Response.StatusCode = 502;
                }
                finally
                {
                    context.Response.Close();
                }
            });
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
