namespace Enrichment.Core.Api;

/// <summary>202 answer of POST /jobs and POST /jobs/{id}/retry.</summary>
public sealed record JobAcceptedResponse(string JobId, string Status, string StatusUrl);

/// <summary>Body of POST /jobs/uploads (every field optional; query parameters of the same names work too).</summary>
/// <param name="Size">The list's exact size in bytes: the upload link is signed for that Content-Length.</param>
public sealed record UploadRequest(string? Format, string? Output, IReadOnlyList<string>? Providers, string? FileName, string? Sheet = null, long? Size = null);

/// <summary>Answer of POST /jobs/uploads: PUT the list to <see cref="UploadUrl"/> with the given Content-Type.</summary>
public sealed record UploadResponse(
    string JobId,
    string Status,
    string UploadUrl,
    string Method,
    string ContentType,
    DateTimeOffset ExpiresAt,
    string StatusUrl,
    long ContentLength);

public sealed record ErrorResponse(string Error);

public sealed record HealthResponse(string Status);

public sealed record VersionResponse(string Version, string GitCommit, string BuildTime);

/// <summary>Answer of GET /providers: the provider names a request may choose, and the chain used when it names none.</summary>
public sealed record ProvidersResponse(IReadOnlyList<string> Providers, IReadOnlyList<string> Default);
