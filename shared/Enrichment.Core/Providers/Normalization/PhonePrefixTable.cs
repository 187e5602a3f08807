using System.IO.Compression;
using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// One of libphonenumber's English prefix files for a calling code (geocoder places or carrier
/// names), read from the package's own embedded resource (in the format its public
/// BuildPrefixMapFromBin.ReadAreaCodeMap reads, or with that reader), and looked up as the library's AreaCodeMap.Lookup
/// does: the entry of the longest prefix length the file has that starts "calling code +
/// national significant number", its description returned even when empty.
/// Why not the library's lookup (issue 13): it builds the number's digits as a string and parses
/// them to a long, binary-searches once per prefix length and finds its file through concurrent
/// dictionaries keyed by tuples, for each of the two lookups of every valid phone: 909 + ~400
/// perf samples of a 1M-row enrich. Here: one dictionary probe per prefix length the file has,
/// over the national number the resolver already built. PhoneDetailsTests compares the answers
/// with the library's over every region's example numbers and variants.
/// </summary>
internal sealed class PhonePrefixTable
{
    // The library's PrefixFileReader reads "<assembly name>.<directory><language>.<calling code>";
    // for Locale.English ("en", region "GB") its MappingFileProvider picks "en_GB" when the package
    // has such a file and "en" otherwise; the package has no "en_GB" file (a test pins that).
    private const string Language = "en";

    // BuildPrefixMapFromBin's AreaCodeMapMagic ("CANP") and FormatVersion.
    private const int AreaCodeMapMagic = 0x504E4143;
    private const byte FormatVersion = 1;

    private readonly Dictionary<long, string> _descriptions;

    /// <summary>The prefix lengths (digits, calling code included) the file has, longest first.</summary>
    private readonly int[] _lengths;

    private PhonePrefixTable(Dictionary<long, string> descriptions, int[] lengths)
    {
        _descriptions = descriptions;
        _lengths = lengths;
    }

    /// <summary>The table of the calling code in the directory ("geocoding." or "carrier."), or null when the package has no such file.</summary>
    public static PhonePrefixTable? Load(string directory, int countryCode)
    {
        var assembly = typeof(PhoneNumberUtil).Assembly;
        var name = assembly.GetName().Name + "." + directory + Language + "." + countryCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var raw = assembly.GetManifestResourceStream(name);
        if (raw is null)
        {
            return null;
        }

        using var unzipped = new GZipStream(raw, CompressionMode.Decompress);
        var descriptions = TryReadDirectly(unzipped) ?? ReadWithTheLibrary(assembly, name);
        var lengths = 0L;
        foreach (var prefix in descriptions.Keys)
        {
            lengths |= 1L << DigitCount(prefix);
        }

        return new PhonePrefixTable(descriptions, [.. Enumerable.Range(0, 64).Where(l => (lengths & (1L << l)) != 0).Reverse()]);
    }

    /// <summary>
    /// The file's entries read straight into a dictionary, or null when it does not start with the
    /// magic and version BuildPrefixMapFromBin writes. Why not its ReadAreaCodeMap alone: it builds a
    /// SortedDictionary this lookup has no use for, 423 of the 655 perf samples of loading the files
    /// a 1M-row enrich needs; a file in another format still goes through it.
    /// </summary>
    internal static Dictionary<long, string>? TryReadDirectly(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != AreaCodeMapMagic || reader.ReadByte() != FormatVersion)
        {
            return null;
        }

        var count = reader.ReadInt32();
        var descriptions = new Dictionary<long, string>(count);

        // A file repeats a few descriptions thousands of times ("Vodafone"): one string each.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var prefix = reader.ReadInt32();
            var description = reader.ReadString();
            if (!shared.TryGetValue(description, out var one))
            {
                shared.Add(description, one = description);
            }

            descriptions[prefix] = one;
        }

        return descriptions;
    }

    internal static Dictionary<long, string> ReadWithTheLibrary(System.Reflection.Assembly assembly, string name)
    {
        using var raw = assembly.GetManifestResourceStream(name)!;
        using var unzipped = new GZipStream(raw, CompressionMode.Decompress);
        return BuildPrefixMapFromBin.ReadAreaCodeMap(unzipped).ToDictionary(e => (long)e.Key, e => e.Value);
    }

    /// <summary>
    /// The description of the longest prefix of the number that has one (possibly empty), or null:
    /// AreaCodeMap.Lookup. Null too when the digits do not fit a long (the library would throw),
    /// which a valid number never reaches.
    /// </summary>
    public string? Lookup(int countryCode, string nationalNumber, out bool tooLong)
    {
        tooLong = !TryDigits(countryCode, nationalNumber, out var value, out var digits);
        if (tooLong || _descriptions.Count == 0)
        {
            return null;
        }

        foreach (var length in _lengths)
        {
            if (length <= digits && _descriptions.TryGetValue(value / PowersOfTen[digits - length], out var description))
            {
                return description;
            }
        }

        return null;
    }

    /// <summary>"calling code + national number" as a number and its digit count (what the library's long.Parse of the concatenation gives).</summary>
    internal static bool TryDigits(int countryCode, string nationalNumber, out long value, out int digits)
    {
        value = countryCode;
        digits = DigitCount(countryCode);
        if (countryCode <= 0 || digits + nationalNumber.Length > 18)
        {
            return false;
        }

        foreach (var c in nationalNumber)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        digits += nationalNumber.Length;
        return true;
    }

    internal static int DigitCount(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    internal static readonly long[] PowersOfTen =
    [
        1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L,
        10000000000L, 100000000000L, 1000000000000L, 10000000000000L, 100000000000000L,
        1000000000000000L, 10000000000000000L, 100000000000000000L, 1000000000000000000L,
    ];
}
