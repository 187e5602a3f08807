namespace Enrichment.Core.Providers.Http;

/// <summary>
/// Thrown inside the pipeline instead of sending when the time left before the deadline fell under
/// the minimum while the attempt waited (for the rate limiter); the caller turns it into error rows.
/// </summary>
internal sealed class HttpDeadlineReachedException : Exception;
