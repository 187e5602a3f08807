namespace Enrichment.Core.Output;

/// <summary>The enrichment columns, written after every input column, in this order.</summary>
public static class OutputColumns
{
    public const string RecordStatus = "record_status";
    public const string RecordErrors = "record_errors";
    public const string EmailNormalized = "email_normalized";
    public const string EmailValid = "email_valid";
    public const string EmailDomain = "email_domain";
    public const string EmailKind = "email_kind";
    public const string PhoneE164 = "phone_e164";
    public const string PhoneCountry = "phone_country";
    public const string PhoneType = "phone_type";
    public const string FirstName = "first_name_normalized";
    public const string LastName = "last_name_normalized";
    public const string CountryCode = "country_code";
    public const string CompanyDomain = "company_domain";
    public const string DuplicateOf = "duplicate_of";

    // Columns of the email provider (after the standard ones).
    public const string EmailStatus = "email_status";
    public const string EmailReason = "email_reason";
    public const string EmailSuggestion = "email_suggestion";
    public const string EmailCanonical = "email_canonical";
    public const string CompanyNameNormalized = "company_name_normalized";

    // Columns of the normalize provider.
    public const string NamePrefix = "name_prefix";
    public const string NameSuffix = "name_suffix";
    public const string FirstNameFormal = "first_name_formal";
    public const string PhoneCarrier = "phone_carrier";
    public const string PhoneRegion = "phone_region";
    public const string PhoneTimezone = "phone_timezone";

    /// <summary>Filled by the aggregate, like duplicate_of, when the chain has phone_e164's provider.</summary>
    public const string DuplicatePhoneOf = "duplicate_phone_of";

    public static readonly IReadOnlyList<string> Standard =
    [
        RecordStatus,
        RecordErrors,
        EmailNormalized,
        EmailValid,
        EmailDomain,
        EmailKind,
        PhoneE164,
        PhoneCountry,
        PhoneType,
        FirstName,
        LastName,
        CountryCode,
        CompanyDomain,
        DuplicateOf,
    ];

    /// <summary>The email provider's columns, after the standard ones.</summary>
    public static readonly IReadOnlyList<string> OfEmailProvider =
    [
        EmailStatus,
        EmailReason,
        EmailSuggestion,
        EmailCanonical,
        CompanyNameNormalized,
    ];

    /// <summary>The normalize provider's columns.</summary>
    public static readonly IReadOnlyList<string> OfNormalizeProvider =
    [
        NamePrefix,
        NameSuffix,
        FirstNameFormal,
        PhoneCarrier,
        PhoneRegion,
        PhoneTimezone,
        DuplicatePhoneOf,
    ];

    /// <summary>The position of <paramref name="column"/> in a column list, or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        ArgumentNullException.ThrowIfNull(columns);
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
