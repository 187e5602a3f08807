namespace Enrichment.Core.Input;

/// <summary>The contact fields the providers understand; input columns map onto these by name.</summary>
public enum ContactField
{
    Email,
    Phone,
    FirstName,
    LastName,
    FullName,
    Company,
    Website,
    Country,
    JobTitle,
    City,
}
