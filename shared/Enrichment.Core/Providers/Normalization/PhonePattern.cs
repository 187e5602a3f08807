using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// One libphonenumber metadata pattern, matched against a national number exactly as the
/// library's own PhoneRegex does it (IsMatchAll: the same "^(?:pattern)$" text; IsMatchBeginning:
/// "^(?:pattern)"; the same CultureInvariant option), but tiered: it starts interpreted, as the library builds every
/// metadata pattern (compiling one costs ~1.5 ms of IL emit, repaid only after tens of thousands
/// of matches), and is compiled once it has proved hot. A 1M-row list concentrates on a few
/// regions, so a few dozen patterns take nearly all the matches; the number compiled is bounded
/// (<see cref="MaxCompiled"/>) so that a list spread over every region cannot spend seconds
/// emitting IL. Compiled changes how a pattern runs, never what it matches. Before either, a number
/// starting with a digit that no match can start with (<see cref="PhonePatternFirstDigits"/>) is
/// answered without a regex call.
/// </summary>
internal sealed class PhonePattern
{
    /// <summary>Matches before a pattern is compiled: ~1.5 ms of emit against a saving per match of a fraction of a microsecond.</summary>
    internal const int PromoteAfter = 20_000;

    /// <summary>At most this many patterns (of the library's thousands) are ever compiled in a process.</summary>
    internal const int MaxCompiled = 200;

    // Promotion slots taken so far (at most MaxCompiled are ever granted).
    private static int Promotions;

    private readonly string _anchored;
    private readonly int _firstDigits;
    private readonly Regex _interpreted;
    private Regex? _compiled;
    private int _hits;
    private int _promoting;

    private PhonePattern(string pattern, string anchored)
    {
        _anchored = anchored;
        _firstDigits = PhonePatternFirstDigits.Of(pattern);
        _interpreted = new Regex(anchored, RegexOptions.CultureInvariant);
    }

    /// <summary>Matches the whole national number (a number type's pattern).</summary>
    public static PhonePattern Whole(string pattern) => new(pattern, "^(?:" + pattern + ")$");

    /// <summary>Matches the start of the national number (a region's leading digits).</summary>
    public static PhonePattern Start(string pattern) => new(pattern, "^(?:" + pattern + ")");

    /// <summary>Patterns compiled so far in this process (for tests: a bound that holds).</summary>
    internal static int CompiledCount => Math.Min(Volatile.Read(ref Promotions), MaxCompiled);

    /// <summary>Whether this pattern has been compiled.</summary>
    internal bool IsCompiled => _compiled is not null;

    public bool IsMatch(string nationalNumber)
    {
        // A number starting with an (ASCII) digit no match can start with: no regex call (issue 13:
        // most of a region's type patterns part from a number at its first digit).
        if (nationalNumber.Length > 0 && (uint)(nationalNumber[0] - '0') <= 9 && (_firstDigits & (1 << (nationalNumber[0] - '0'))) == 0)
        {
            return false;
        }

        var compiled = _compiled;
        if (compiled is not null)
        {
            return compiled.IsMatch(nationalNumber);
        }

        // A racy count is enough: a lost increment only delays the promotion a little.
        if (++_hits >= PromoteAfter && RuntimeFeature.IsDynamicCodeCompiled)
        {
            Promote();
        }

        return _interpreted.IsMatch(nationalNumber);
    }

    private void Promote()
    {
        if (Interlocked.Exchange(ref _promoting, 1) != 0)
        {
            return;
        }

        if (Interlocked.Increment(ref Promotions) > MaxCompiled)
        {
            // Over the bound: stays interpreted, as the library would have it; the count is pushed
            // back so the hot path stops calling here (and _promoting keeps it out if it comes round).
            _hits = int.MinValue;
            return;
        }

        Volatile.Write(ref _compiled, new Regex(_anchored, RegexOptions.CultureInvariant | RegexOptions.Compiled));
    }
}
