using System.Text.RegularExpressions;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// One libphonenumber metadata pattern, answering what the library's own PhoneRegex answers
/// (IsMatchAll: the same "^(?:pattern)$" text; IsMatchBeginning: "^(?:pattern)"; the same options,
/// CultureInvariant and interpreted). A number of ASCII digits (every national significant number)
/// is matched by a <see cref="DigitPatternDfa"/> built from the pattern once; anything else, or a
/// pattern outside the DFA's grammar (none of the metadata's today: PhonePatternTests), by that
/// Regex.
/// Why a DFA (issue 13): the interpreted regex was ~4% of a 1M-row enrich's CPU samples.
/// Why not RegexOptions.Compiled: compiling the hot patterns once they had 20,000 matches made later
/// passes over a 1M-row list cheaper but its one pass, which is what a job is, about 1.5 s of CPU
/// dearer (IL emit and JIT of the large NANP-style alternations); the library's own measurements
/// (InternalRegexOptions) say the same.
/// PhonePatternTests compares the two ways over every metadata pattern.
/// </summary>
internal sealed class PhonePattern
{
    private readonly string _anchored;
    private readonly bool _whole;
    private readonly DigitPatternDfa? _dfa;
    private Regex? _regex;

    private PhonePattern(string pattern, bool whole)
    {
        _whole = whole;
        _anchored = whole ? "^(?:" + pattern + ")$" : "^(?:" + pattern + ")";
        _dfa = DigitPatternDfa.TryBuild(pattern);
        if (_dfa is null)
        {
            // Built now, as before, so that a pattern .NET refuses fails here rather than at a match.
            _regex = NewRegex(_anchored);
        }
    }

    /// <summary>Matches the whole national number (a number type's pattern).</summary>
    public static PhonePattern Whole(string pattern) => new(pattern, whole: true);

    /// <summary>Matches the start of the national number (a region's leading digits).</summary>
    public static PhonePattern Start(string pattern) => new(pattern, whole: false);

    /// <summary>Whether the DFA answers for ASCII digits (false: the pattern is outside its grammar).</summary>
    internal bool HasDfa => _dfa is not null;

    public bool IsMatch(string nationalNumber)
    {
        if (_dfa is not null && !nationalNumber.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return _whole ? _dfa.MatchesWhole(nationalNumber) : _dfa.MatchesStart(nationalNumber);
        }

        // Not ASCII digits (\d takes any Unicode digit; $ a final newline): the regex, made on first need.
        return (_regex ??= NewRegex(_anchored)).IsMatch(nationalNumber);
    }

    private static Regex NewRegex(string anchored) => new(anchored, RegexOptions.CultureInvariant);
}
