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

    public static (string? Carrier, string? Region, string? TimeZone) Of(PhoneNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var carrier = Carriers.GetNameForValidNumber(number, Locale.English);
        var region = Geocoder.GetDescriptionForValidNumber(number, Locale.English);
        var zones = TimeZones.GetTimeZonesForNumber(number);
        var unknown = TimeZones.GetUnknownTimeZone();
        string? zone = zones.Count switch
        {
            0 or > MaxZones => null,
            1 => zones[0] == unknown ? null : zones[0],
            _ => string.Join(ZoneSeparator, zones.Where(z => z != unknown)),
        };
        return (Empty(carrier), Empty(region), Empty(zone));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
