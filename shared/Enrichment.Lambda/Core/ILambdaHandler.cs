namespace Enrichment.Lambda.Core;

/// <summary>
/// A function's handler: one event in, one response out. Every function implements it, so the
/// Lambda bootstrap, the local host and the tests build (from a service collection) and call a
/// handler the same way.
/// </summary>
/// <typeparam name="TInput">The event, read with source-generated JSON metadata.</typeparam>
/// <typeparam name="TOutput">The response.</typeparam>
public interface ILambdaHandler<in TInput, TOutput>
{
    Task<TOutput> HandleAsync(TInput input, ILambdaContext context, CancellationToken cancellationToken);
}
