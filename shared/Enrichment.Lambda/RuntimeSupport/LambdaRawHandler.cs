using Enrichment.Lambda.Core;

namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>A handler on raw bytes: the invocation payload in, the response payload out.</summary>
public delegate Task<ReadOnlyMemory<byte>> LambdaRawHandler(
    ReadOnlyMemory<byte> payload,
    ILambdaContext context,
    CancellationToken cancellationToken);
