using Enrichment.Core.Jobs;
using Enrichment.Core.Services;
using Enrichment.Local.Objects;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// Turns each HTTP request into the API Gateway v2 event the Lambda receives (so the handler code
/// path is the same), and serves the signed object links S3 would serve.
/// </summary>
public sealed class HttpBridge(LocalPipeline pipeline, TimeProvider time, ILogSink log)
{
    /// <summary>API Gateway's own cap on a request body; bigger lists go through an upload link.</summary>
    private const long ApiBodyLimit = 10 * 1024 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/objects", StringComparison.Ordinal))
        {
            await ServeObjectAsync(context);
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            context.Response.StatusCode = 413;
            await context.Response.WriteAsJsonAsync(new Core.Api.ErrorResponse("request body over 10 MB: use POST /jobs/uploads"), Core.Serialization.EnrichmentJsonContext.Default.ErrorResponse, cancellationToken: context.RequestAborted);
            return;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var apiEvent = ApiEvents.Create(request.Method, request.Path.Value ?? "/", query, headers, body, request.Host.Value ?? "127.0.0.1", time);
        var response = await pipeline.Api.HandleAsync(apiEvent, pipeline.NewContext("api"), context.RequestAborted);

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

    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > ApiBodyLimit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > ApiBodyLimit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
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
        var result = await pipeline.Objects.HandleAsync(request.Method, rawPath, request.QueryString.Value, request.Body, context.RequestAborted);
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
            log.Error($"split of an upload failed: {error.GetType().Name}");
        }
    }
}
