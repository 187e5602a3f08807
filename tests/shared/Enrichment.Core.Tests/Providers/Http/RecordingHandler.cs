using System.Collections.Concurrent;

namespace Enrichment.Core.Tests.Providers.Http;

/// <summary>Passes requests to the network and keeps every request body, to check what was sent.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<string> _bodies = new();

    public IReadOnlyList<string> Bodies => [.. _bodies];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _bodies.Enqueue(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
