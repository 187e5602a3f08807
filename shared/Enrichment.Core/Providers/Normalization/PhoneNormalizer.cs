using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// Parses phone numbers with libphonenumber. A number in national format is read in the record's
/// country (the default region); a number in international format (+, or the region's international
/// prefix) carries its own. Without a country, only international numbers can be read.
/// </summary>
public static class PhoneNormalizer
{
    // Loading the metadata is expensive; the instance is thread-safe and shared by every record.
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // libphonenumber's own "unknown region": Parse then accepts only numbers with a country code.
    private const string UnknownRegion = "ZZ";

    // Global services (+800 freephone, +881 satellite...) belong to no country.
    private const string NonGeographicRegion = "001";

    public static PhoneCheck Check(string? raw, string? defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return PhoneCheck.Absent;
        }

        var parseRegion = defaultRegion ?? UnknownRegion;

        // The common shapes are parsed without the library's regexes and exceptions (issue 13); the
        // answer is the library's either way (PhoneNumberParserTests).
        var outcome = PhoneNumberParser.TryParse(raw, parseRegion, out var parsed, out var error);
        if (outcome == PhoneParseOutcome.Deferred)
        {
            try
            {
                parsed = Util.Parse(raw, parseRegion);
                outcome = PhoneParseOutcome.Parsed;
            }
            catch (NumberParseException ex)
            {
                error = ex.ErrorType;
                outcome = PhoneParseOutcome.Rejected;
            }
        }

        if (outcome == PhoneParseOutcome.Rejected)
        {
            var international = raw.AsSpan().TrimStart().StartsWith('+');
            return Invalid(DescribeParseError(error, defaultRegion is null && !international));
        }

        var number = parsed!;

        // The type is UNKNOWN exactly when IsValidNumber is false, and the region and the type each
        // cost a match of the number against its region's patterns: resolved together, once.
        var (region, type) = PhoneTypeResolver.Resolve(number, out var nationalNumber);
        if (type == PhoneNumberType.UNKNOWN)
        {
            return Invalid(Util.IsPossibleNumberWithReason(number) switch
            {
                PhoneNumberUtil.ValidationResult.TOO_SHORT => "too short",
                PhoneNumberUtil.ValidationResult.TOO_LONG => "too long",
                PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => "unknown country calling code",
                _ => "not a valid number for its region",
            });
        }

        var (carrier, place, timeZone) = PhoneDetails.Of(number, type, nationalNumber!);
        return new PhoneCheck(
            true,
            E164(number, nationalNumber!),
            region == NonGeographicRegion ? null : region,
            TypeName(type),
            null,
            carrier,
            place,
            timeZone);
    }

    /// <summary>
    /// Util.Format(number, E164): for a number with a national number (every valid one) the library
    /// writes "+", the calling code and the national significant number, which the resolver has
    /// built already (its GetNationalSignificantNumber and Format fill the same span the same way).
    /// Why by hand (issue 13): Format built the national number a second time, 118 perf samples of a
    /// 1M-row enrich; PhoneNormalizerTests compares the two over every region's example numbers.
    /// </summary>
    internal static string E164(PhoneNumber number, string nationalNumber) => number.NationalNumber == 0
        ? Util.Format(number, PhoneNumberFormat.E164)
        : string.Concat("+", number.CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture), nationalNumber);

    private static PhoneCheck Invalid(string reason) => new(false, null, null, null, reason);

    private static string DescribeParseError(ErrorType error, bool nationalWithoutRegion) => error switch
    {
        ErrorType.INVALID_COUNTRY_CODE when nationalWithoutRegion => "no country calling code and no country to assume",
        ErrorType.INVALID_COUNTRY_CODE => "unknown country calling code",
        ErrorType.NOT_A_NUMBER => "not a phone number",
        ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_SHORT_NSN => "too short",
        ErrorType.TOO_LONG => "too long",
        _ => "not a phone number",
    };

    /// <summary>Wire names of the line types (snake case of libphonenumber's).</summary>
    internal static string TypeName(PhoneNumberType type) => type switch
    {
        PhoneNumberType.FIXED_LINE => "fixed_line",
        PhoneNumberType.MOBILE => "mobile",
        PhoneNumberType.FIXED_LINE_OR_MOBILE => "fixed_line_or_mobile",
        PhoneNumberType.TOLL_FREE => "toll_free",
        PhoneNumberType.PREMIUM_RATE => "premium_rate",
        PhoneNumberType.SHARED_COST => "shared_cost",
        PhoneNumberType.VOIP => "voip",
        PhoneNumberType.PERSONAL_NUMBER => "personal_number",
        PhoneNumberType.PAGER => "pager",
        PhoneNumberType.UAN => "uan",
        PhoneNumberType.VOICEMAIL => "voicemail",
        _ => "unknown",
    };
}
