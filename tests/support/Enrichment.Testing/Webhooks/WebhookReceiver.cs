using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Enrichment.Testing.Webhooks;

/// <summary>
/// A webhook receiver on loopback (HttpListener): it answers each request with the next scripted
/// status (the last one repeats), or holds it unanswered for a while (<see cref="Hold"/>), and hands
/// every request it got to the test.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>A scripted "answer": keep the request open this long (past the sender's timeout), then 200.</summary>
    public const int Hold = -1;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _script;
    private readonly int _last;
    private readonly TimeSpan _hold;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    /// <param name="answers">Status codes, in order, or <see cref="Hold"/>; the last repeats. None: always 200.</param>
    public WebhookReceiver(TimeSpan? hold = null, params int[] answers)
    {
        _script = new ConcurrentQueue<int>(answers);
        _last = answers.Length > 0 ? answers[^1] : 200;
        _hold = hold ?? TimeSpan.FromSeconds(5);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/enrichment?token=t1");

    /// <summary>The next request received, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(limit.Token);
    }

    /// <summary>Requests received so far and not yet taken.</summary>
    public int Pending => _received.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
        var answer = _script.TryDequeue(out var next) ? next : _last;
        await _received.Writer.WriteAsync(new ReceivedWebhook(context.Request.Url?.PathAndQuery ?? "", headers, body, answer));
        try
        {
            if (answer == Hold)
            {
                await Task.Delay(_hold, _stopping.Token);
                answer = 200;
            }

            context.Response.StatusCode = answer;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The sender gave up (its timeout) or the test ended: nobody is listening for this answer.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <param name="Headers">Lower-case names.</param>
/// <param name="Answer">What the receiver answered (<see cref="WebhookReceiver.Hold"/> for a held request).</param>
public sealed record ReceivedWebhook(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, int Answer);
