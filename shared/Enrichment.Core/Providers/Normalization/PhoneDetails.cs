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

    /// <param name="number">A valid number.</param>
    /// <param name="type">Its type, known already: the mappers' own entry points would each match the number against its region's patterns again.</param>
    public static (string? Carrier, string? Region, string? TimeZone) Of(PhoneNumber number, PhoneNumberType type)
    {
        ArgumentNullException.ThrowIfNull(number);
        var mobile = type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.PAGER;
        var carrier = mobile ? Carriers.GetNameForValidNumber(number, Locale.English) : null;
        var region = Geocoder.GetDescriptionForValidNumber(number, Locale.English);
        var zone = Util.IsNumberGeographical(type, number.CountryCode)
            ? ZoneText(TimeZones.GetTimeZonesForGeographicalNumber(number))
            : CountryZones.GetOrAdd(number.CountryCode, static (_, n) => ZoneText(TimeZones.GetTimeZonesForNumber(n)), number);
        return (Empty(carrier), Empty(region), zone);
    }

    private static string? ZoneText(List<string> zones) => zones.Count switch
    {
        0 or > MaxZones => null,
        1 => zones[0] == UnknownZone ? null : zones[0],
        _ => Empty(string.Join(ZoneSeparator, zones.Where(z => z != UnknownZone))),
    };

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
