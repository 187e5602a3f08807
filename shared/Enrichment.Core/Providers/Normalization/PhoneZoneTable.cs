using System.Collections.Frozen;
using System.IO.Compression;
using PhoneNumbers;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// libphonenumber's time-zone prefix map, read from the package's own embedded resource with its
/// own public reader (BuildPrefixMapFromBin.ReadTimezoneMap), each entry's zones already turned
/// into the text <see cref="PhoneDetails"/> writes; looked up as PhoneNumberToTimeZonesMapper's
/// LookUpPrefix does (the longest prefix of "calling code + national number" in the map).
/// Why not the library's lookup (issue 13): it concatenates and parses the digits, probes the map
/// once per digit dropped and copies the zones into a new list that a LINQ filter then joins: 456
/// perf samples of a 1M-row enrich. Here one probe per prefix length the map has, and no list.
/// </summary>
internal sealed class PhoneZoneTable
{
    private readonly FrozenDictionary<long, string?> _zones;
    private readonly int[] _lengths;

    private PhoneZoneTable(FrozenDictionary<long, string?> zones, int[] lengths)
    {
        _zones = zones;
        _lengths = lengths;
    }

    /// <param name="zoneText">What a list of zones becomes in the output.</param>
    public static PhoneZoneTable Load(Func<List<string>, string?> zoneText)
    {
        ArgumentNullException.ThrowIfNull(zoneText);
        var assembly = typeof(PhoneNumberUtil).Assembly;
        var name = assembly.GetName().Name + ".timezones.map_data.bin";
        using var raw = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"libphonenumber's resource {name} is missing");
        using var unzipped = new GZipStream(raw, CompressionMode.Decompress);
        var sorted = BuildPrefixMapFromBin.ReadTimezoneMap(unzipped);
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var zones = new Dictionary<long, string?>(sorted.Count);
        var lengths = new SortedSet<int>();
        foreach (var (prefix, list) in sorted)
        {
            if (prefix <= 0)
            {
                continue; // LookUpPrefix never reaches a prefix below 1.
            }

            var key = string.Join('\n', list);
            if (!texts.TryGetValue(key, out var text))
            {
                texts.Add(key, text = zoneText([.. list]));
            }

            zones.Add(prefix, text);
            lengths.Add(PhonePrefixTable.DigitCount(prefix));
        }

        return new PhoneZoneTable(zones.ToFrozenDictionary(), [.. lengths.Reverse()]);
    }

    /// <summary>The zone text of the longest prefix in the map; found false when none is (the library's unknown zone).</summary>
    public string? Lookup(long value, int digits, out bool found)
    {
        foreach (var length in _lengths)
        {
            if (length <= digits && _zones.TryGetValue(value / PhonePrefixTable.PowersOfTen[digits - length], out var text))
            {
                found = true;
                return text;
            }
        }

        found = false;
        return null;
    }
}
