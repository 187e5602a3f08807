using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// A loopback HTTP proxy in front of moto that answers the two Step Functions calls moto lacks and the
/// Terraform AWS provider makes for a state machine: ValidateStateMachineDefinition (while planning) and
/// ListStateMachineVersions (after create). Without it the provider retries their 500s for minutes and fails.
/// Every other request (any service) is forwarded to moto unchanged, so it can also stand in for moto as a
/// single endpoint.
/// </summary>
public sealed class StepFunctionsGapProxy : IAsyncDisposable
{
    private const string ValidateTarget = "AWSStepFunctions.ValidateStateMachineDefinition";
    private const string ListVersionsTarget = "AWSStepFunctions.ListStateMachineVersions";

    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Proxy-Connection", "TE", "Upgrade",
    };

    private readonly HttpListener _listener;
    private readonly Uri _upstream;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, int> _answered = new(StringComparer.Ordinal);

    private StepFunctionsGapProxy(HttpListener listener, Uri endpoint, Uri upstream)
    {
        _listener = listener;
        Endpoint = endpoint;
        _upstream = upstream;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = TimeSpan.FromMinutes(2),
        };
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Endpoint { get; }

    /// <summary>How many times the proxy answered an X-Amz-Target itself.</summary>
    public int AnsweredCount(string operation) =>
        _answered.TryGetValue("AWSStepFunctions." + operation, out var count) ? count : 0;

    public static StepFunctionsGapProxy Start(Uri upstream)
    {
        // Pick a free loopback port; retry a few times in case another process takes it first.
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(endpoint.ToString());
            try
            {
                listener.Start();
                return new StepFunctionsGapProxy(listener, endpoint, upstream);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Requests still in flight end with the process.
        }

        _listener.Close();
        _client.Dispose();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
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

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var target = context.Request.Headers["X-Amz-Target"];
            if (target is ValidateTarget or ListVersionsTarget)
            {
                _answered.AddOrUpdate(target, 1, (_, count) => count + 1);
                var body = target == ValidateTarget ? """{"result":"OK","diagnostics":[]}""" : """{"stateMachineVersions":[]}""";
                await WriteAsync(context.Response, 200, "application/x-amz-json-1.0", Encoding.UTF8.GetBytes(body));
                return;
            }

            await ForwardAsync(context);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or HttpListenerException or TaskCanceledException)
        {
            try
            {
                await WriteAsync(context.Response, 502, "text/plain", Encoding.UTF8.GetBytes("proxy: " + exception.Message));
            }
            catch (Exception inner) when (inner is HttpListenerException or InvalidOperationException or ObjectDisposedException or IOException)
            {
                // The client went away.
            }
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.HttpMethod), new Uri(_upstream, incoming.RawUrl));
        byte[] payload;
        using (var buffer = new MemoryStream())
        {
            await incoming.InputStream.CopyToAsync(buffer, _stop.Token);
            payload = buffer.ToArray();
        }

        if (payload.Length > 0 || incoming.HasEntityBody)
        {
            request.Content = new ByteArrayContent(payload);
        }

        foreach (var name in incoming.Headers.AllKeys)
        {
            if (name is null || HopHeaders.Contains(name))
            {
                continue;
            }

            var values = incoming.Headers.GetValues(name) ?? [];
            if (!request.Headers.TryAddWithoutValidation(name, values))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, _stop.Token);
        var body = await response.Content.ReadAsByteArrayAsync(_stop.Token);
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (HopHeaders.Contains(header.Key) || header.Key.Equals("Server", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                outgoing.AppendHeader(header.Key, value);
            }
        }

        if (incoming.HttpMethod == "HEAD")
        {
            outgoing.Close();
            return;
        }

        outgoing.ContentLength64 = body.Length;
        await outgoing.OutputStream.WriteAsync(body, _stop.Token);
        outgoing.Close();
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}
