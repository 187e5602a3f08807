using System.Net;
using System.Net.Http.Headers;
using Enrichment.Local.Objects;

namespace Enrichment.Local.Tests.Objects;

/// <summary>Serves requests in memory through <see cref="LocalObjectEndpoint"/>, as the local host's route does.</summary>
public sealed class LocalObjectHttpHandler(LocalObjectEndpoint endpoint) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Stream? body = request.Content is null ? null : await request.Content.ReadAsStreamAsync(cancellationToken);
        var result = await endpoint.HandleAsync(request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, body, cancellationToken, request.Content?.Headers.ContentLength);
        var response = new HttpResponseMessage((HttpStatusCode)result.StatusCode) { RequestMessage = request };
        if (result.Body is not null)
        {
            response.Content = new StreamContent(result.Body);
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(result.ContentType!);
            if (result.ContentDisposition is not null)
            {
                response.Content.Headers.TryAddWithoutValidation("Content-Disposition", result.ContentDisposition);
            }
        }
        else
        {
            response.Content = new StringContent(result.Message ?? string.Empty);
        }

        return response;
    }
}
