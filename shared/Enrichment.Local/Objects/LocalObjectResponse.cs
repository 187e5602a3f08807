namespace Enrichment.Local.Objects;

/// <summary>What the host should answer for a signed object request; the host owns and disposes <see cref="Body"/>.</summary>
public sealed record LocalObjectResponse(
    int StatusCode,
    Stream? Body = null,
    string? ContentType = null,
    string? ContentDisposition = null,
    long? ContentLength = null,
    string? Message = null);
