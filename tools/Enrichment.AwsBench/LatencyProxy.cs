using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.AwsBench;

/// <summary>
/// A loopback HTTP proxy in front of moto that waits a fixed time before forwarding each request (the
/// round trip of S3, DynamoDB or SQS from a Lambda, which moto on loopback does not have) and counts
/// requests and bytes per AWS operation. Bodies stream both ways; at most <see cref="MaxInFlight"/>
/// requests are forwarded at once, and DynamoDB's one at a time (moto's transactions are not isolated). <c>GET /__bench/counts</c> answers the counts, <c>POST /__bench/reset</c>
/// zeroes them.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    public const int MaxInFlight = 256;

    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Expect", "Upgrade", "Proxy-Connection", "Content-Length",
    };

    private readonly Uri _target;
    private readonly TimeSpan _latency;
    private readonly SqsStandIn? _sqs;
    private readonly HttpClient _client;
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);
    private readonly SemaphoreSlim _dynamoDb = new(1, 1);
    private readonly ConcurrentDictionary<string, OperationCount> _counts = new(StringComparer.Ordinal);
    private WebApplication? _app;

    /// <param name="sqs">Answers the data path's SQS calls instead of moto; null forwards them too.</param>
    public LatencyProxy(Uri target, TimeSpan latency, SqsStandIn? sqs)
    {
        _target = target;
        _latency = latency;
        _sqs = sqs;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = MaxInFlight,
        })
        { Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri? Endpoint { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MaxConcurrentConnections = MaxInFlight * 2;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _client.Dispose();
        _inFlight.Dispose();
        _dynamoDb.Dispose();
    }

    /// <summary>The AWS operation of a request: the JSON protocols name it in X-Amz-Target, S3 by method and query.</summary>
    public static string Operation(string method, string? target, string path, string query)
    {
        if (!string.IsNullOrEmpty(target))
        {
            var dot = target.LastIndexOf('.');
            var service = target.StartsWith("DynamoDB", StringComparison.Ordinal) ? "dynamodb"
                : target.StartsWith("AmazonSQS", StringComparison.Ordinal) ? "sqs"
                : target.StartsWith("AWSStepFunctions", StringComparison.Ordinal) ? "sfn"
                : target[..Math.Max(dot, 0)];
            return $"{service}.{target[(dot + 1)..]}";
        }

        var objectKey = path.Trim('/').Contains('/', StringComparison.Ordinal);
        bool Has(string name) => query.Contains(name, StringComparison.Ordinal);
        return method switch
        {
            "PUT" when Has("partNumber=") => "s3.UploadPart",
            "PUT" => objectKey ? "s3.PutObject" : "s3.CreateBucket",
            "POST" when Has("uploads") => "s3.CreateMultipartUpload",
            "POST" when Has("uploadId=") => "s3.CompleteMultipartUpload",
            "POST" when Has("delete") => "s3.DeleteObjects",
            "DELETE" when Has("uploadId=") => "s3.AbortMultipartUpload",
            "DELETE" => "s3.DeleteObject",
            "HEAD" => "s3.HeadObject",
            "GET" when !objectKey => "s3.ListObjects",
            "GET" => "s3.GetObject",
            _ => $"s3.{method}",
        };
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/__bench", StringComparison.Ordinal))
        {
            await ControlAsync(context);
            return;
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = Operation(request.Method, target, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty);
        var count = _counts.GetOrAdd(operation, static _ => new OperationCount());
        // Counted as it arrives: a read the caller abandons part-way (the split's probe of the first
        // bytes) is still a request.
        count.AddRequest();
        await _inFlight.WaitAsync(context.RequestAborted);
        try
        {
            // The added round trip: before the request reaches the service, as on a real network.
            await Task.Delay(_latency, context.RequestAborted);
            if (_sqs is not null && SqsStandIn.Handles(target))
            {
                var received = await _sqs.HandleAsync(context, target);
                count.AddBytes(received, context.Response.ContentLength ?? 0);
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, (request.Path.Value ?? "/").TrimStart('/') + request.QueryString.Value));
            var counting = new CountingStream(request.Body);
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                forward.Content = new StreamContent(counting, 1 << 16);
            }

            foreach (var (name, values) in request.Headers)
            {
                if (HopHeaders.Contains(name))
                {
                    continue;
                }

                if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                {
                    forward.Content ??= new ByteArrayContent([]);
                    forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }

            if (forward.Content is not null && request.ContentLength is { } length)
            {
                forward.Content.Headers.ContentLength = length;
            }

            // moto's TransactWriteItems is not isolated (a cancelled transaction restores a copy of the whole
            // table) and concurrent ones fail: DynamoDB calls reach it one at a time, as in the moto tests.
            var serialize = operation.StartsWith("dynamodb.", StringComparison.Ordinal);
            if (serialize)
            {
                await _dynamoDb.WaitAsync(context.RequestAborted);
            }

            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(forward, serialize ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            finally
            {
                if (serialize)
                {
                    _dynamoDb.Release();
                }
            }

            using var answered = response;
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopHeaders.Contains(header.Key))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            if (response.Content.Headers.ContentLength is { } responseLength)
            {
                context.Response.ContentLength = responseLength;
            }

            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[1 << 16];
            long sent = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                sent += read;
            }

            count.AddBytes(counting.BytesRead, sent);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task ControlAsync(HttpContext context)
    {
        if (context.Request.Path.Value!.EndsWith("/reset", StringComparison.Ordinal))
        {
            _counts.Clear();
            context.Response.StatusCode = 204;
            return;
        }

        var snapshot = _counts.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot(), StringComparer.Ordinal);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(snapshot, BenchJsonContext.Default.DictionaryStringOperationTotals)));
    }

    private sealed class OperationCount
    {
        private long _requests;
        private long _bytesIn;
        private long _bytesOut;

        public void AddRequest() => Interlocked.Increment(ref _requests);

        public void AddBytes(long bytesIn, long bytesOut)
        {
            Interlocked.Add(ref _bytesIn, bytesIn);
            Interlocked.Add(ref _bytesOut, bytesOut);
        }

        public OperationTotals Snapshot() => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _bytesIn), Interlocked.Read(ref _bytesOut));
    }
}
