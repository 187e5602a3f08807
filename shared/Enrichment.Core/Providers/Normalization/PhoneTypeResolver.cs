using System.Collections.Concurrent;
using System.Collections.Frozen;
using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// The region and the type of a parsed number in one pass: what PhoneNumberUtil.GetRegionCodeForNumber
/// and GetNumberType answer, replicated from the library's public metadata (it is the authority:
/// PhoneTypeResolverTests compares the two over every region's example numbers and variants).
/// The library answers each question by matching the number against its region's patterns (and,
/// for a calling code shared by several regions, +1, +7, +44..., against each candidate region's
/// in turn), so asking both meant matching twice. Here the candidate that wins already carries
/// its type, and each pattern is matched by a DFA rather than a regex (<see cref="PhonePattern"/>).
/// Why (issue 13): the library's matching was 9.1% of a 1M-row enrich's CPU samples. Over that
/// list's 932k parseable phones, region and type together cost 0.9-1.0 s of CPU the library's way
/// and 0.45 s here, 0.40 s once a mobile pattern equal to the fixed-line one is not matched twice
/// (warm, one thread, load 9-13); in the enrich itself (perf, load ~9) their samples went from
/// 8.5% to 5.2% of the process's and the whole phone step's from 23.2% to 20.9%.
/// </summary>
internal static class PhoneTypeResolver
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // PhoneNumberUtil.IsValidRegionCode (private) reads the same set.
    private static readonly FrozenSet<string> SupportedRegions = Util.GetSupportedRegions().ToFrozenSet(StringComparer.Ordinal);

    // Keyed by the metadata object itself: the library keeps one per region for the process.
    private static readonly ConcurrentDictionary<PhoneMetadata, PhoneTypePatterns> Patterns = new(ReferenceEqualityComparer.Instance);

    // libphonenumber's region code of global services (+800, +881...).
    private const string NonGeographicRegion = "001";

    /// <summary>The number's region (null when no region of its calling code fits it) and its type (UNKNOWN exactly when the library calls it invalid).</summary>
    public static (string? Region, PhoneNumberType Type) Resolve(PhoneNumber number) => Resolve(number, out _);

    /// <param name="nationalNumber">The national significant number it built (null for a calling code without regions), for <see cref="PhoneDetails"/>.</param>
    internal static (string? Region, PhoneNumberType Type) Resolve(PhoneNumber number, out string? nationalNumber)
    {
        ArgumentNullException.ThrowIfNull(number);
        nationalNumber = null;
        var regions = Util.GetRegionCodesForCountryCode(number.CountryCode);
        if (regions.Count == 0)
        {
            return (null, PhoneNumberType.UNKNOWN);
        }

        nationalNumber = Util.GetNationalSignificantNumber(number);
        if (regions.Count == 1)
        {
            return (regions[0], TypeIn(regions[0], number.CountryCode, nationalNumber));
        }

        // GetRegionCodeForNumberFromRegionList: the first region whose leading digits start the
        // number or, for a region without leading digits, whose patterns give it a type.
        foreach (var region in regions)
        {
            var patterns = PatternsOf(Util.GetMetadataForRegion(region));
            if (patterns.HasLeadingDigits)
            {
                if (patterns.MatchesLeadingDigits(nationalNumber))
                {
                    return (region, TypeIn(region, number.CountryCode, nationalNumber));
                }
            }
            else
            {
                var type = patterns.TypeOf(nationalNumber);
                if (type != PhoneNumberType.UNKNOWN)
                {
                    return (region, IsKnownRegion(region) ? type : PhoneNumberType.UNKNOWN);
                }
            }
        }

        return (null, PhoneNumberType.UNKNOWN);
    }

    /// <summary>
    /// The only one of a shared calling code's regions for which PhoneNumberUtil.IsValidNumberForRegion
    /// holds (its patterns give the number a type), or null when none or several do.
    /// </summary>
    internal static string? SoleRegionWhereValid(IReadOnlyList<string> regions, int countryCode, string nationalNumber)
    {
        string? sole = null;
        foreach (var region in regions)
        {
            // GetMetadataForRegionOrCallingCode: the calling code's own metadata for 001.
            var metadata = region == NonGeographicRegion
                ? Util.GetMetadataForNonGeographicalRegion(countryCode)
                : Util.GetMetadataForRegion(region);
            if (metadata is null || PatternsOf(metadata).TypeOf(nationalNumber) == PhoneNumberType.UNKNOWN)
            {
                continue;
            }

            if (sole is not null)
            {
                return null;
            }

            sole = region;
        }

        return sole;
    }

    /// <summary>GetNumberType once the region is known: the region's metadata (or the calling code's, for 001) and its helper.</summary>
    private static PhoneNumberType TypeIn(string region, int countryCode, string nationalNumber)
    {
        if (!IsKnownRegion(region))
        {
            return PhoneNumberType.UNKNOWN;
        }

        var metadata = region == NonGeographicRegion
            ? Util.GetMetadataForNonGeographicalRegion(countryCode)
            : Util.GetMetadataForRegion(region);
        return PatternsOf(metadata).TypeOf(nationalNumber);
    }

    private static bool IsKnownRegion(string region) => region == NonGeographicRegion || SupportedRegions.Contains(region);

    private static PhoneTypePatterns PatternsOf(PhoneMetadata metadata) =>
        Patterns.GetOrAdd(metadata, static m => new PhoneTypePatterns(m));
}
