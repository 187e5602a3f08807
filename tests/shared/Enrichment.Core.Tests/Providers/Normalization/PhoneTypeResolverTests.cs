using System.Globalization;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

/// <summary>
/// PhoneTypeResolver replicates the library's region and type resolution; the library is the
/// authority, so these compare the two over every region's example numbers (the metadata has one
/// for each number type a region has) and variants of them that land in other types, other
/// regions of a shared calling code, and nowhere.
/// </summary>
public sealed class PhoneTypeResolverTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Test]
    public void EveryRegionsExampleNumbersAndVariants_ResolveAsTheLibraryDoes()
    {
        var compared = 0;
        var valid = 0;
        var mismatches = new List<string>();
        foreach (var number in ExampleNumbersAndVariants())
        {
            var expected = (Util.GetRegionCodeForNumber(number), Util.GetNumberType(number));
            var actual = PhoneTypeResolver.Resolve(number);
            compared++;
            valid += expected.Item2 == PhoneNumberType.UNKNOWN ? 0 : 1;
            if (actual != expected && mismatches.Count < 20)
            {
                mismatches.Add($"+{number.CountryCode} {Util.GetNationalSignificantNumber(number)}: {actual} vs the library's {expected}");
            }
        }

        Assert.That(mismatches, Is.Empty);

        // The sweep reaches both sides of the question, at scale.
        Assert.That(compared, Is.GreaterThan(100_000));
        Assert.That(valid, Is.GreaterThan(compared / 10));
        Assert.That(compared - valid, Is.GreaterThan(compared / 10));
    }

    [Test]
    public void SharedCallingCodes_ResolveToEachOfTheirRegions()
    {
        // +1 (NANP), +7, +44... pick a region by leading digits or by patterns: each of their
        // regions' fixed-line examples must come back to that region, as the library has it.
        foreach (var (countryCode, regions) in SharedCallingCodes())
        {
            foreach (var region in regions)
            {
                var example = Util.GetExampleNumberForType(region, PhoneNumberType.FIXED_LINE);
                if (example is null || Util.GetRegionCodeForNumber(example) != region)
                {
                    continue;
                }

                Assert.That(PhoneTypeResolver.Resolve(example).Region, Is.EqualTo(region), $"+{countryCode}");
            }
        }
    }

    [Test]
    public void DescriptionsWithoutAPattern_NeverReachTheirPattern()
    {
        // The replica treats a description without a pattern as matching nothing; the library would
        // throw on it if a number's length were among its possible lengths. Its metadata lists only
        // -1 for such descriptions, so neither ever happens.
        foreach (var metadata in AllMetadata())
        {
            foreach (var desc in Descriptions(metadata).Where(d => !d.HasNationalNumberPattern))
            {
                Assert.That(desc.PossibleLengthCount, Is.GreaterThan(0), metadata.Id);
                Assert.That(desc.PossibleLengthList.All(l => l < 0), Is.True, metadata.Id);
            }
        }
    }

    private static IEnumerable<PhoneNumber> ExampleNumbersAndVariants()
    {
        foreach (var metadata in AllMetadata())
        {
            var sharedCode = Util.GetRegionCodesForCountryCode(metadata.CountryCode).Count > 1;
            foreach (var example in Descriptions(metadata).Where(d => d.HasExampleNumber).Select(d => d.ExampleNumber).Distinct())
            {
                foreach (var national in Variants(example, sharedCode))
                {
                    if (TryParse(metadata.CountryCode, national) is { } number)
                    {
                        yield return number;
                    }
                }
            }
        }
    }

    /// <summary>The example, each digit changed (to each other digit near the front, where types and regions part), one digit more and one less.</summary>
    private static IEnumerable<string> Variants(string example, bool sharedCode)
    {
        yield return example;
        yield return example[..^1];
        yield return example + "0";
        yield return example + "5";
        for (var i = 0; i < example.Length; i++)
        {
            var digits = i < 4 ? "0123456789" : "19";
            foreach (var digit in digits.Where(d => d != example[i]))
            {
                yield return string.Concat(example.AsSpan(0, i), new string(digit, 1), example.AsSpan(i + 1));
            }
        }

        // A shared calling code's region hangs on the first three digits (an area code): all of them.
        if (sharedCode && example.Length > 3)
        {
            for (var prefix = 0; prefix < 1000; prefix++)
            {
                yield return prefix.ToString("000", CultureInfo.InvariantCulture) + example[3..];
            }
        }
    }

    private static PhoneNumber? TryParse(int countryCode, string national)
    {
        try
        {
            return Util.Parse("+" + countryCode.ToString(CultureInfo.InvariantCulture) + national, "ZZ");
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static IEnumerable<PhoneMetadata> AllMetadata() =>
        Util.GetSupportedRegions().Order(StringComparer.Ordinal).Select(Util.GetMetadataForRegion)
            .Concat(Util.GetSupportedGlobalNetworkCallingCodes().Order().Select(Util.GetMetadataForNonGeographicalRegion));

    private static IEnumerable<(int CountryCode, IReadOnlyList<string> Regions)> SharedCallingCodes() =>
        AllMetadata().Select(m => m.CountryCode).Distinct()
            .Select(code => (code, Util.GetRegionCodesForCountryCode(code)))
            .Where(pair => pair.Item2.Count > 1);

    private static IEnumerable<PhoneNumberDesc> Descriptions(PhoneMetadata m) =>
    [
        m.GeneralDesc, m.FixedLine, m.Mobile, m.TollFree, m.PremiumRate, m.SharedCost, m.PersonalNumber,
        m.Voip, m.Pager, m.Uan, m.Voicemail,
    ];
}
