using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Providers;

/// <summary>
/// Offline clean-up of the contact fields: names, country code, email (normalized and validated)
/// and phone (E.164, region, line type). Marks a record invalid for an email or phone that cannot
/// exist and for a record with neither. An unknown country is not a mark: it only leaves
/// country_code empty (and national phone numbers unreadable, which the phone mark reports).
/// </summary>
/// <param name="defaultRegion">Region for national phone numbers of records without a known country.</param>
public sealed class NormalizeProvider(string? defaultRegion = null) : RecordProvider
{
    public const string ProviderName = "normalize";

    public override string Name => ProviderName;

    /// <summary>
    /// Name prefix, suffix and formal first name; phone carrier, region and time zone; and
    /// duplicate_phone_of, which the aggregate fills (it alone sees the whole job), on phone_e164.
    /// </summary>
    public override IReadOnlyList<string> ExtraColumns => OutputColumns.OfNormalizeProvider;

    protected override void Enrich(ContactRecord record)
    {
        var input = record.Input;

        var country = CountryCodes.ToAlpha2(input.Country);
        record.Set(OutputColumns.CountryCode, country);

        var name = NameNormalizer.Normalize(input.FirstName, input.LastName, input.FullName);
        record.Set(OutputColumns.FirstName, name.First);
        record.Set(OutputColumns.LastName, name.Last);
        record.Set(OutputColumns.NamePrefix, name.Prefix);
        record.Set(OutputColumns.NameSuffix, name.Suffix);
        record.Set(OutputColumns.FirstNameFormal, Nicknames.FormalOf(name.First));

        var email = EmailFields.Apply(record);

        var phone = PhoneNormalizer.Check(input.Phone, country ?? defaultRegion);
        record.Set(OutputColumns.PhoneE164, phone.E164);
        record.Set(OutputColumns.PhoneCountry, phone.Region);
        record.Set(OutputColumns.PhoneType, phone.Type);
        record.Set(OutputColumns.PhoneCarrier, phone.Carrier);
        record.Set(OutputColumns.PhoneRegion, phone.Place);
        record.Set(OutputColumns.PhoneTimezone, phone.TimeZone);
        if (phone.Valid == false)
        {
            record.AddInvalid("phone_invalid", phone.Reason!);
        }

        if (email.Normalized is null && phone.Valid is null)
        {
            record.AddInvalid("missing_contact", "no email and no phone");
        }
    }
}
