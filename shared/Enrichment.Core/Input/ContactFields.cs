namespace Enrichment.Core.Input;

/// <summary>The mapped contact fields of one record (input values, untouched).</summary>
public sealed record ContactFields
{
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? FullName { get; init; }
    public string? Company { get; init; }
    public string? Website { get; init; }
    public string? Country { get; init; }
    public string? JobTitle { get; init; }
    public string? City { get; init; }
}
