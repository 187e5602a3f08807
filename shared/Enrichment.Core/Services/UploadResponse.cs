namespace Enrichment.Core.Services;

/// <summary>Answer of POST /jobs/uploads: PUT the list to <see cref="UploadUrl"/> with the given Content-Type.</summary>
public sealed record UploadResponse(
    string JobId,
    string Status,
    string UploadUrl,
    string Method,
    string ContentType,
    DateTimeOffset ExpiresAt,
    string StatusUrl,
    long ContentLength,
    string? WebhookSecret = null);
