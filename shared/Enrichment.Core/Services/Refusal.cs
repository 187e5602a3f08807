namespace Enrichment.Core.Services;

/// <summary>
/// Why a service did not do what was asked, as one of a closed set of kinds. The kind is the
/// domain's reason (a missing job, a job in the wrong state, a bad list); how a host tells its
/// caller (the API's status codes, the split's failed job) is the host's business, not Core's.
/// The message is shown to the caller as it is: it never carries contact data, a path or an
/// exception's own text.
/// </summary>
public abstract record Refusal(string Message)
{
    /// <summary>The request, its list or its options break a rule; changing them can succeed.</summary>
    public sealed record Invalid(string Message) : Refusal(Message);

    /// <summary>No such job for this caller (another caller's job is not found either).</summary>
    public sealed record NotFound(string Message) : Refusal(Message);

    /// <summary>The job is not in a state that allows this now; the same request can succeed later or not at all.</summary>
    public sealed record Conflict(string Message) : Refusal(Message);

    /// <summary>The list is bigger than the deployment accepts.</summary>
    public sealed record TooLarge(string Message) : Refusal(Message);

    /// <summary>An idempotency key already names another request (another list or other options).</summary>
    public sealed record IdempotencyKeyReused(string Message) : Refusal(Message);
}
