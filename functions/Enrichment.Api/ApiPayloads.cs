namespace Enrichment.Functions.Api;

// The API's own bodies: only the API function and the local host (which serves the same API through
// it) read or write them. What a service returns (UploadResponse, JobStatusView) lives with the service.

/// <summary>202 answer of POST /jobs and POST /jobs/{id}/retry.</summary>
/// <param name="WebhookSecret">The secret the API made for the job's callback, given this once; null when the caller sent one.</param>
public sealed record JobAcceptedResponse(string JobId, string Status, string StatusUrl, string? WebhookSecret = null);

/// <summary>Body of POST /jobs/uploads (every field optional; query parameters of the same names work too).</summary>
/// <param name="Size">The list's exact size in bytes: the upload link is signed for that Content-Length.</param>
/// <param name="CallbackUrl">Where the job's end is told (signed).</param>
/// <param name="WebhookSecret">The caller's signing secret (whsec_…); in the body only, never in a query.</param>
/// <param name="DryRun">Only check and estimate the list when it lands (GET /jobs/{id} then carries the estimate); nothing runs.</param>
public sealed record UploadRequest(
    string? Format,
    string? Output,
    IReadOnlyList<string>? Providers,
    string? FileName,
    string? Sheet = null,
    long? Size = null,
    string? CallbackUrl = null,
    string? WebhookSecret = null,
    bool? DryRun = null);

public sealed record ErrorResponse(string Error);

public sealed record HealthResponse(string Status);

public sealed record VersionResponse(string Version, string GitCommit, string BuildTime);

/// <summary>Answer of GET /providers: the provider names a request may choose, and the chain used when it names none.</summary>
public sealed record ProvidersResponse(IReadOnlyList<string> Providers, IReadOnlyList<string> Default);
