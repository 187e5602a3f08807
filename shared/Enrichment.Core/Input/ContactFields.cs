namespace Enrichment.Core.Input;

/// <summary>The mapped contact fields of one record (input values, untouched).</summary>
/// <remarks>
/// The backing fields are explicit so the worker can fill a pooled record's fields again
/// (<see cref="Assign"/>, issue 13); to everything outside the core the record is immutable.
/// </remarks>
public sealed record ContactFields
{
    private string? _email;
    private string? _phone;
    private string? _firstName;
    private string? _lastName;
    private string? _fullName;
    private string? _company;
    private string? _website;
    private string? _country;
    private string? _jobTitle;
    private string? _city;

    public string? Email { get => _email; init => _email = value; }
    public string? Phone { get => _phone; init => _phone = value; }
    public string? FirstName { get => _firstName; init => _firstName = value; }
    public string? LastName { get => _lastName; init => _lastName = value; }
    public string? FullName { get => _fullName; init => _fullName = value; }
    public string? Company { get => _company; init => _company = value; }
    public string? Website { get => _website; init => _website = value; }
    public string? Country { get => _country; init => _country = value; }
    public string? JobTitle { get => _jobTitle; init => _jobTitle = value; }
    public string? City { get => _city; init => _city = value; }

    /// <summary>Sets every field, as a new record made with these values would have them.</summary>
    internal void Assign(
        string? email,
        string? phone,
        string? firstName,
        string? lastName,
        string? fullName,
        string? company,
        string? website,
        string? country,
        string? jobTitle,
        string? city)
    {
        _email = email;
        _phone = phone;
        _firstName = firstName;
        _lastName = lastName;
        _fullName = fullName;
        _company = company;
        _website = website;
        _country = country;
        _jobTitle = jobTitle;
        _city = city;
    }
}
