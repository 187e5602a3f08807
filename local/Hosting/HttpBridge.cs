using Enrichment.Functions.Api;
using Enrichment.Local.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// Turns each HTTP request into the API Gateway v2 event the Lambda receives (so the handler code
/// path is the same), and serves the signed object links S3 would serve. Before that it does what
/// API Gateway does in front of the Lambda: answers only to its own names, authenticates the
/// caller, and bounds the bodies it holds.
/// </summary>
public sealed class HttpBridge(LocalPipeline pipeline, BridgeSecurity security, TimeProvider time, ILogger log)
{
    /// <summary>API Gateway's own cap on a request body; bigger lists go through an upload link.</summary>
    public const long ApiBodyLimit = 10 * 1024 * 1024;

    /// <summary>A body of unknown length (chunked) takes the budget in steps of this size as it arrives.</summary>
    private const int BudgetStep = 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!security.Hosts.Allows(request.Host.Value))
        {
            // 421: this server is not the one the client meant (a rebound name, a forged Host).
            await WriteErrorAsync(context, 421, "the Host header does not name this server");
            return;
        }

        if (request.Path.StartsWithSegments("/objects", StringComparison.Ordinal))
        {
            // The signature is the credential of an object link, as with S3's pre-signed URLs.
            await ServeObjectAsync(context);
            return;
        }

        string? caller = BridgeSecurity.LocalCaller;
        if (security.Keys is { } keys && !IsOpen(request))
        {
            caller = keys.CallerOf(PresentedKey(request));
            if (caller is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteErrorAsync(context, 401, "a valid API key is required: send Authorization: Bearer <key> (or x-api-key)");
                return;
            }
        }

        long reserved = 0;
        try
        {
            var body = await ReadBodyAsync(context, bytes => reserved += bytes);
            if (body.Error is { } error)
            {
                if (error.Status == 503)
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                await WriteErrorAsync(context, error.Status, error.Message);
                return;
            }

            await ForwardAsync(context, body.Bytes, caller);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // Kestrel found the body malformed (a bad chunk, a body shorter than its Content-Length).
            await WriteErrorAsync(context, ex.StatusCode, KestrelErrorBodies.Message(ex.StatusCode));
        }
        finally
        {
            security.Bodies.Return(reserved);
        }
    }

    /// <summary>Health, the OpenAPI document and the web page's files answer without a key, as the API's route table says.</summary>
    private static bool IsOpen(HttpRequest request) =>
        Functions.Api.ApiFunction.IsOpen(request.Method.ToUpperInvariant(), request.Path.Value ?? "/");

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var key = request.Headers["x-api-key"].ToString();
        return key.Length > 0 ? key : null;
    }

    private async Task ForwardAsync(HttpContext context, byte[]? body, string? caller)
    {
        var request = context.Request;
        var headers = request.Headers
            .Where(h => !h.Key.Equals("authorization", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("x-api-key", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var apiEvent = ApiEvents.Create(request.Method, request.Path.Value ?? "/", query, headers, body, pipeline.Settings.BaseUrl.Authority, time, caller);
        var response = await pipeline.InvokeAsync(pipeline.Api, "api", apiEvent, context.RequestAborted);

        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is { } text)
        {
            var bytes = response.IsBase64Encoded ? Convert.FromBase64String(text) : System.Text.Encoding.UTF8.GetBytes(text);
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    /// <summary>
    /// Reads the body into one array of its declared length (no growing copies, no base64), taking
    /// its size from the shared budget first; a chunked body takes the budget step by step.
    /// </summary>
    private async Task<BodyRead> ReadBodyAsync(HttpContext context, Action<long> took)
    {
        var request = context.Request;
        if (request.ContentLength is { } declared)
        {
            if (declared == 0)
            {
                return new BodyRead(null, null);
            }

            if (declared > ApiBodyLimit)
            {
                return BodyRead.TooLarge;
            }

            if (!security.Bodies.TryTake(declared))
            {
                return BodyRead.Busy;
            }

            took(declared);
            var bytes = new byte[declared];
            await request.Body.ReadExactlyAsync(bytes, context.RequestAborted);
            return new BodyRead(bytes, null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        long taken = 0;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > ApiBodyLimit)
            {
                return BodyRead.TooLarge;
            }

            while (buffer.Length + read > taken)
            {
                if (!security.Bodies.TryTake(BudgetStep))
                {
                    return BodyRead.Busy;
                }

                took(BudgetStep);
                taken += BudgetStep;
            }

            buffer.Write(chunk, 0, read);
        }

        return new BodyRead(buffer.Length == 0 ? null : buffer.ToArray(), null);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(message), ApiJsonContext.Default.ErrorResponse);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private async Task ServeObjectAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Uploads are the path for lists too big for the API: no cap but the disk.
            limit.MaxRequestBodySize = null;
        }

        var rawPath = request.PathBase.Add(request.Path).ToUriComponent();
        var result = await pipeline.Objects.HandleAsync(request.Method, rawPath, request.QueryString.Value, request.Body, context.RequestAborted, request.ContentLength);
        context.Response.StatusCode = result.StatusCode;
        if (result.Body is { } stream)
        {
            await using (stream)
            {
                context.Response.ContentType = result.ContentType;
                context.Response.ContentLength = result.ContentLength;
                if (result.ContentDisposition is { } disposition)
                {
                    context.Response.Headers.ContentDisposition = disposition;
                }

                if (!HttpMethods.IsHead(request.Method))
                {
                    await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
                }
            }

            return;
        }

        if (result.Message is { } message)
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync($"<Error><Message>{System.Security.SecurityElement.Escape(message)}</Message></Error>", context.RequestAborted);
        }

        if (result.StatusCode == 200 && HttpMethods.IsPut(request.Method))
        {
            var key = string.Join('/', rawPath[LocalUrlSigner.RoutePrefix.Length..].Split('/').Select(Uri.UnescapeDataString));
            if (key.StartsWith(JobKeys.UploadsPrefix, StringComparison.Ordinal))
            {
                // S3 notifies asynchronously: the PUT answers at once and the split runs behind it.
                _ = Task.Run(() => NotifyAsync(key));
            }
        }
    }

    private async Task NotifyAsync(string key)
    {
        try
        {
            await pipeline.NotifyUploadAsync(key, CancellationToken.None);
        }
#pragma warning disable CA1031 // The notification runs detached; its failure is logged and retried at the next start.
        catch (Exception error)
#pragma warning restore CA1031
        {
            log.LogError("split of an upload failed: {ErrorType}", error.GetType().Name);
        }
    }

    private sealed record BodyError(int Status, string Message);

    private sealed record BodyRead(byte[]? Bytes, BodyError? Error)
    {
        public static BodyRead TooLarge { get; } = new(null, new BodyError(413, "request body over 10 MB: use POST /jobs/uploads"));

        public static BodyRead Busy { get; } = new(null, new BodyError(503, "the server is holding as many request bodies as it may; retry shortly"));
    }
}
