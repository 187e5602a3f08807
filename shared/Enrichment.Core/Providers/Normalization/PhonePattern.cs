using System.Text.RegularExpressions;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// One libphonenumber metadata pattern, matched against a national number exactly as the
/// library's own PhoneRegex does it (IsMatchAll: the same "^(?:pattern)$" text; IsMatchBeginning:
/// "^(?:pattern)"; the same options, CultureInvariant and interpreted), except that a number
/// starting with a digit no match can start with (<see cref="PhonePatternFirstDigits"/>) is
/// answered without a regex call.
/// Not compiled (issue 13): compiling the hot patterns once they had 20,000 matches made later
/// passes over a 1M-row list cheaper but its one pass, which is what a job is, about 1.5 s of CPU
/// dearer (IL emit and JIT of the large NANP-style alternations); the library's own measurements
/// (InternalRegexOptions) say the same.
/// </summary>
internal sealed class PhonePattern
{
    private readonly int _firstDigits;
    private readonly Regex _regex;

    private PhonePattern(string pattern, string anchored)
    {
        _firstDigits = PhonePatternFirstDigits.Of(pattern);
        _regex = new Regex(anchored, RegexOptions.CultureInvariant);
    }

    /// <summary>Matches the whole national number (a number type's pattern).</summary>
    public static PhonePattern Whole(string pattern) => new(pattern, "^(?:" + pattern + ")$");

    /// <summary>Matches the start of the national number (a region's leading digits).</summary>
    public static PhonePattern Start(string pattern) => new(pattern, "^(?:" + pattern + ")");

    public bool IsMatch(string nationalNumber)
    {
        // A number starting with an (ASCII) digit no match can start with: no regex call (issue 13:
        // most of a region's type patterns part from a number at its first digit).
        if (nationalNumber.Length > 0 && (uint)(nationalNumber[0] - '0') <= 9 && (_firstDigits & (1 << (nationalNumber[0] - '0'))) == 0)
        {
            return false;
        }

        return _regex.IsMatch(nationalNumber);
    }
}
