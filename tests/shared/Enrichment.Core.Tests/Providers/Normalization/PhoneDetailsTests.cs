using System.Globalization;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhoneDetailsTests
{
    [Test]
    public void ValidNumber_GetsCarrierPlaceAndTimeZone()
    {
        var mobile = PhoneNormalizer.Check("+49 151 12345678", null);
        var landline = PhoneNormalizer.Check("+1 650 253 0000", null);

        Assert.That((mobile.Carrier, mobile.Place, mobile.TimeZone), Is.EqualTo(("T-Mobile", "Germany", "Europe/Berlin")));
        Assert.That((landline.Carrier, landline.Place, landline.TimeZone), Is.EqualTo(((string?)null, "Mountain View, CA", "America/Los_Angeles")));
    }

    [Test]
    public void NumberSpanningManyZones_GetsNoTimeZone()
    {
        var tollFree = PhoneNormalizer.Check("+1 800 555 0100", null);

        Assert.That(tollFree.Valid, Is.True);
        Assert.That(tollFree.TimeZone, Is.Null);
    }

    [Test]
    public void InvalidNumber_GetsNoDetails()
    {
        var invalid = PhoneNormalizer.Check("+44 7700 900123", null);

        Assert.That((invalid.Carrier, invalid.Place, invalid.TimeZone), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
    }

    [Test]
    public void EveryRegionsExampleNumbersAndVariants_GetWhatTheLibrarysMappersAnswer()
    {
        var compared = 0;
        var counts = new int[3];
        var mismatches = new List<string>();
        foreach (var number in ValidExampleNumbersAndVariants())
        {
            var type = Util.GetNumberType(number);
            var expected = TheLibrarysDetails(number, type);
            var actual = PhoneDetails.Of(number, type, Util.GetNationalSignificantNumber(number));
            compared++;
            counts[0] += expected.Carrier is null ? 0 : 1;
            counts[1] += expected.Region is null ? 0 : 1;
            counts[2] += expected.TimeZone is null ? 0 : 1;
            if (actual != expected && mismatches.Count < 20)
            {
                mismatches.Add($"+{number.CountryCode} {Util.GetNationalSignificantNumber(number)} ({type}): {actual} vs the library's {expected}");
            }
        }

        Assert.That(mismatches, Is.Empty);

        // The sweep is large and reaches carriers, places and zones.
        Assert.That(compared, Is.GreaterThan(100_000));
        Assert.That(counts, Has.All.GreaterThan(compared / 20));
    }

    [Test]
    public void PackageHasNoBritishEnglishPrefixFiles_SoTheLibraryReadsTheEnglishOnes()
    {
        // PhonePrefixTable reads "en.<code>"; the library's MappingFileProvider would prefer "en_GB.<code>" (Locale.English).
        var names = typeof(PhoneNumberUtil).Assembly.GetManifestResourceNames();

        Assert.That(names.Where(n => n.Contains(".en_", StringComparison.Ordinal)), Is.Empty);
        Assert.That(names, Does.Contain("PhoneNumbers.geocoding.en.44").And.Contain("PhoneNumbers.carrier.en.44"));
    }

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>What PhoneDetails answered through the library's mappers before it read their data itself.</summary>
    private static (string? Carrier, string? Region, string? TimeZone) TheLibrarysDetails(PhoneNumber number, PhoneNumberType type)
    {
        var timeZones = PhoneNumberToTimeZonesMapper.GetInstance();
        var mobile = type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.PAGER;
        var carrier = mobile ? PhoneNumberToCarrierMapper.GetInstance().GetNameForValidNumber(number, Locale.English) : null;
        var region = PhoneNumberOfflineGeocoder.GetInstance().GetDescriptionForValidNumber(number, Locale.English);
        var zones = Util.IsNumberGeographical(type, number.CountryCode)
            ? timeZones.GetTimeZonesForGeographicalNumber(number)
            : timeZones.GetTimeZonesForNumber(number);
        var unknown = timeZones.GetUnknownTimeZone();
        var zone = zones.Count switch
        {
            0 or > PhoneDetails.MaxZones => null,
            1 => zones[0] == unknown ? null : zones[0],
            _ => string.Join(PhoneDetails.ZoneSeparator, zones.Where(z => z != unknown)),
        };
        return (Empty(carrier), Empty(region), Empty(zone));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Every region's example numbers (all types), each digit changed to each other digit, one digit more and one less, and for a shared calling code every first three digits; the valid ones.</summary>
    private static IEnumerable<PhoneNumber> ValidExampleNumbersAndVariants()
    {
        var metadata = Util.GetSupportedRegions().Order(StringComparer.Ordinal).Select(Util.GetMetadataForRegion)
            .Concat(Util.GetSupportedGlobalNetworkCallingCodes().Order().Select(Util.GetMetadataForNonGeographicalRegion));
        foreach (var m in metadata)
        {
            var sharedCode = Util.GetRegionCodesForCountryCode(m.CountryCode).Count > 1;
            PhoneNumberDesc[] descriptions =
            [
                m.FixedLine, m.Mobile, m.TollFree, m.PremiumRate, m.SharedCost, m.PersonalNumber, m.Voip, m.Pager, m.Uan, m.Voicemail,
            ];
            foreach (var example in descriptions.Where(d => d.HasExampleNumber).Select(d => d.ExampleNumber).Distinct())
            {
                foreach (var national in Variants(example, sharedCode))
                {
                    PhoneNumber number;
                    try
                    {
                        number = Util.Parse("+" + m.CountryCode.ToString(CultureInfo.InvariantCulture) + national, "ZZ");
                    }
                    catch (NumberParseException)
                    {
                        continue;
                    }

                    if (Util.GetNumberType(number) != PhoneNumberType.UNKNOWN)
                    {
                        yield return number;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Variants(string example, bool sharedCode)
    {
        yield return example;
        yield return example[..^1];
        yield return example + "0";
        for (var i = 0; i < example.Length; i++)
        {
            foreach (var digit in "0123456789".Where(d => d != example[i]))
            {
                yield return string.Concat(example.AsSpan(0, i), new string(digit, 1), example.AsSpan(i + 1));
            }
        }

        if (sharedCode && example.Length > 3)
        {
            for (var prefix = 0; prefix < 1000; prefix++)
            {
                yield return prefix.ToString("000", CultureInfo.InvariantCulture) + example[3..];
            }
        }
    }
}
