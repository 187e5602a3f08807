using System.Collections.Concurrent;
using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// phone_carrier, phone_region and phone_timezone of a valid number, from libphonenumber's own
/// offline carrier, geocoder and time-zone data (English names). The carrier is the one the number
/// range was allocated to (a ported number keeps its original carrier); the region is the place
/// the range is tied to ("Mountain View, CA"), or the country for ranges without one (most mobile
/// numbers); the time zones are IANA names, up to <see cref="MaxZones"/> joined by "; " when the
/// range spans them. A range spanning more (a US toll-free number spans 42, an Australian mobile 8)
/// tells nothing about where the person is and gets none.
/// The package's data is looked up here rather than through its mappers (issue 13: the three were
/// 6.6% of a 1M-row enrich's CPU samples): <see cref="PhonePrefixTable"/> and
/// <see cref="PhoneZoneTable"/> read the same resources with the package's public reader and
/// answer what the mappers answer (PhoneDetailsTests compares them over every region's example
/// numbers and variants); the mappers still answer the rare numbers those do not cover.
/// </summary>
public static class PhoneDetails
{
    public const string ZoneSeparator = "; ";
    public const int MaxZones = 3;

    private static readonly PhoneNumberToCarrierMapper Carriers = PhoneNumberToCarrierMapper.GetInstance();
    private static readonly PhoneNumberOfflineGeocoder Geocoder = PhoneNumberOfflineGeocoder.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper TimeZones = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly string UnknownZone = TimeZones.GetUnknownTimeZone();
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// A number that is not geographic (most mobiles, toll-free...) gets its country's zones, which
    /// depend on the calling code alone: worked out once per code.
    /// </summary>
    private static readonly ConcurrentDictionary<int, string?> CountryZones = new();

    // Per calling code, loaded on first use as the library loads its files, once (Lazy: two
    // workers meeting a new code would otherwise both read its file).
    private static readonly ConcurrentDictionary<int, Lazy<PhonePrefixTable?>> CarrierTables = new();
    private static readonly ConcurrentDictionary<int, Lazy<PhonePrefixTable?>> PlaceTables = new();
    private static readonly Lazy<PhoneZoneTable> Zones = new(() => PhoneZoneTable.Load(ZoneText));

    // PhoneNumberOfflineGeocoder.GetRegionDisplayName's answer per region, for English.
    private static readonly ConcurrentDictionary<string, string?> CountryNames = new(StringComparer.Ordinal);

    /// <param name="number">A valid number.</param>
    /// <param name="type">Its type, known already: the mappers' own entry points would each match the number against its region's patterns again.</param>
    /// <param name="nationalNumber">The number's national significant number, built already by <see cref="PhoneTypeResolver"/>.</param>
    internal static (string? Carrier, string? Region, string? TimeZone) Of(PhoneNumber number, PhoneNumberType type, string nationalNumber)
    {
        var mobile = type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.PAGER;
        var carrier = mobile ? CarrierOf(number, nationalNumber) : null;
        var region = PlaceOf(number, nationalNumber);
        var zone = Util.IsNumberGeographical(type, number.CountryCode)
            ? GeographicZone(number, nationalNumber)
            : CountryZones.GetOrAdd(number.CountryCode, static (_, n) => ZoneText(TimeZones.GetTimeZonesForNumber(n)), number);
        return (carrier, region, zone);
    }

    /// <summary>PhoneNumberToCarrierMapper.GetNameForValidNumber (English).</summary>
    private static string? CarrierOf(PhoneNumber number, string nationalNumber)
    {
        var table = CarrierTables.GetOrAdd(number.CountryCode, static code => new(() => PhonePrefixTable.Load("carrier.", code))).Value;
        if (table is null)
        {
            return null;
        }

        var name = table.Lookup(number.CountryCode, nationalNumber, out var tooLong);
        return tooLong ? Empty(Carriers.GetNameForValidNumber(number, Locale.English)) : Empty(name);
    }

    /// <summary>PhoneNumberOfflineGeocoder.GetDescriptionForValidNumber (English): the place of the prefix, else the country.</summary>
    private static string? PlaceOf(PhoneNumber number, string nationalNumber)
    {
        // A number behind a mobile token (Argentina's 9) is re-parsed without it by the library: its way.
        var mobileToken = PhoneNumberUtil.GetCountryMobileToken(number.CountryCode);
        if (mobileToken.Length != 0 && nationalNumber.StartsWith(mobileToken, StringComparison.Ordinal))
        {
            return Empty(Geocoder.GetDescriptionForValidNumber(number, Locale.English));
        }

        var table = PlaceTables.GetOrAdd(number.CountryCode, static code => new(() => PhonePrefixTable.Load("geocoding.", code))).Value;
        if (table is not null)
        {
            var place = table.Lookup(number.CountryCode, nationalNumber, out var tooLong);
            if (tooLong)
            {
                return Empty(Geocoder.GetDescriptionForValidNumber(number, Locale.English));
            }

            if (!string.IsNullOrEmpty(place))
            {
                return place;
            }
        }

        return CountryOf(number.CountryCode, nationalNumber);
    }

    /// <summary>
    /// The geocoder's GetCountryNameForNumber: the calling code's only region or, for a shared one,
    /// the only region whose patterns take the number (none or several: no name). The library
    /// validates the number against each region of the code with its regexes; the type resolver's
    /// patterns answer the same (PhoneTypeResolverTests) at a fraction of the cost.
    /// </summary>
    private static string? CountryOf(int countryCode, string nationalNumber)
    {
        var regions = Util.GetRegionCodesForCountryCode(countryCode);
        var region = regions.Count == 1 ? regions[0] : PhoneTypeResolver.SoleRegionWhereValid(regions, countryCode, nationalNumber);
        return region is null or "ZZ" or PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY
            ? null
            : CountryNames.GetOrAdd(region, static r => Empty(new Locale("", r).GetDisplayCountry(Locale.English.Language)));
    }

    /// <summary>PhoneNumberToTimeZonesMapper.GetTimeZonesForGeographicalNumber, as zone text.</summary>
    private static string? GeographicZone(PhoneNumber number, string nationalNumber)
    {
        if (!PhonePrefixTable.TryDigits(number.CountryCode, nationalNumber, out var value, out var digits))
        {
            return ZoneText(TimeZones.GetTimeZonesForGeographicalNumber(number));
        }

        // No prefix in the map: the library's unknown zone, which is no zone.
        return Zones.Value.Lookup(value, digits, out _);
    }

    private static string? ZoneText(List<string> zones) => zones.Count switch
    {
        0 or > MaxZones => null,
        1 => zones[0] == UnknownZone ? null : zones[0],
        _ => Empty(string.Join(ZoneSeparator, zones.Where(z => z != UnknownZone))),
    };

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
