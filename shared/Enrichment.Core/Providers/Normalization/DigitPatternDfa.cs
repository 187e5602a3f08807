namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// A DFA over the ten ASCII digits, built once (subset construction) from a
/// <see cref="DigitPatternNfa"/>: a number is matched by one table lookup per digit. Immutable
/// once built, so shared by every thread without locks.
/// Why hand-written (issue 13): libphonenumber matches its metadata patterns with interpreted
/// System.Text.RegularExpressions, whose per-call setup and backtracking over the long NANP-style
/// alternations were ~4% of a 1M-row enrich's CPU samples; compiling the regexes costs more than it
/// saves in a one-pass job (see <see cref="PhonePattern"/>).
/// </summary>
internal sealed class DigitPatternDfa
{
    /// <summary>No string starting this way matches.</summary>
    public const int Dead = -1;

    // Subset construction of a pattern with counted digits can in theory blow up; no metadata
    // pattern comes near this (the largest has a few thousand states), and one that did would
    // stay a Regex.
    private const int MaxStates = 50_000;

    private readonly int[] _next;
    private readonly bool[] _accepting;

    private DigitPatternDfa(int[] next, bool[] accepting)
    {
        _next = next;
        _accepting = accepting;
    }

    public int StateCount => _accepting.Length;

    /// <summary>The DFA of the pattern, or null when it is outside the NFA's grammar or too large.</summary>
    public static DigitPatternDfa? TryBuild(string pattern)
    {
        var nfa = DigitPatternNfa.TryRead(pattern);
        return nfa is null ? null : new Builder(nfa).TryBuild();
    }

    /// <summary>Whether the whole of <paramref name="digits"/> (ASCII digits only) is a match.</summary>
    public bool MatchesWhole(ReadOnlySpan<char> digits)
    {
        var state = 0;
        foreach (var c in digits)
        {
            state = _next[(state * 10) + (c - '0')];
            if (state == Dead)
            {
                return false;
            }
        }

        return _accepting[state];
    }

    /// <summary>Whether some prefix of <paramref name="digits"/> (ASCII digits only) is a match.</summary>
    public bool MatchesStart(ReadOnlySpan<char> digits)
    {
        var state = 0;
        foreach (var c in digits)
        {
            if (_accepting[state])
            {
                return true;
            }

            state = _next[(state * 10) + (c - '0')];
            if (state == Dead)
            {
                return false;
            }
        }

        return _accepting[state];
    }

    /// <summary>Returned by <see cref="PrefixMatchLength"/> when prefixes of two lengths match.</summary>
    public const int Ambiguous = -2;

    /// <summary>
    /// The length of the one prefix of <paramref name="digits"/> (ASCII digits only) that is a
    /// match, -1 (<see cref="Dead"/>) when none is, <see cref="Ambiguous"/> when several are.
    /// Why only one: a regex anchored at the start reports the match its alternation order and
    /// greediness pick, which a DFA does not know; with a single matching prefix it can only be
    /// that one, so callers that need the regex's length take this answer and defer the rest.
    /// </summary>
    public int PrefixMatchLength(ReadOnlySpan<char> digits)
    {
        var state = 0;
        var length = _accepting[0] ? 0 : Dead;
        for (var i = 0; i < digits.Length; i++)
        {
            state = _next[(state * 10) + (digits[i] - '0')];
            if (state == Dead)
            {
                break;
            }

            if (_accepting[state])
            {
                if (length != Dead)
                {
                    return Ambiguous;
                }

                length = i + 1;
            }
        }

        return length;
    }

    private sealed class Builder(DigitPatternNfa nfa)
    {
        private readonly DigitPatternNfa _nfa = nfa;
        private readonly int _words = (nfa.Count + 63) / 64;
        private readonly Dictionary<ulong[], int> _ids = new(BitSetComparer.Instance);
        private readonly List<ulong[]> _sets = [];
        private readonly List<int> _next = [];
        private readonly Stack<int> _stack = new();

        public DigitPatternDfa? TryBuild()
        {
            var start = new ulong[_words];
            AddClosure(start, _nfa.Start);
            IdOf(start);
            var targets = new ulong[10][];
            for (var d = 0; d < 10; d++)
            {
                targets[d] = new ulong[_words];
            }

            for (var id = 0; id < _sets.Count; id++)
            {
                if (_sets.Count > MaxStates)
                {
                    return null;
                }

                foreach (var target in targets)
                {
                    Array.Clear(target);
                }

                AddSuccessors(_sets[id], targets);
                for (var d = 0; d < 10; d++)
                {
                    // The scratch set is copied only when it is a new state.
                    _next.Add(IsEmpty(targets[d]) ? Dead : _ids.TryGetValue(targets[d], out var known) ? known : IdOf((ulong[])targets[d].Clone()));
                }
            }

            var accepting = _sets.Select(set => Contains(set, DigitPatternNfa.Accept)).ToArray();
            return new DigitPatternDfa([.. _next], accepting);
        }

        private int IdOf(ulong[] set)
        {
            if (!_ids.TryGetValue(set, out var id))
            {
                id = _sets.Count;
                _ids.Add(set, id);
                _sets.Add(set);
            }

            return id;
        }

        /// <summary>Adds the state and every state its epsilon moves reach (cycles included: a nullable item under *).</summary>
        private void AddClosure(ulong[] set, int state)
        {
            _stack.Push(state);
            while (_stack.TryPop(out var s))
            {
                if (Contains(set, s))
                {
                    continue;
                }

                set[s >> 6] |= 1UL << (s & 63);
                if (_nfa.EpsilonsOf(s) is { } epsilons)
                {
                    foreach (var e in epsilons)
                    {
                        _stack.Push(e);
                    }
                }
            }
        }

        /// <summary>Per digit, the closure of every state the set's digit states go to on it.</summary>
        private void AddSuccessors(ulong[] set, ulong[][] targets)
        {
            for (var w = 0; w < set.Length; w++)
            {
                var bits = set[w];
                while (bits != 0)
                {
                    var state = (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    var mask = _nfa.MaskOf(state);
                    for (var d = 0; mask != 0; d++, mask >>= 1)
                    {
                        if ((mask & 1) != 0)
                        {
                            AddClosure(targets[d], _nfa.NextOf(state));
                        }
                    }
                }
            }
        }

        private static bool Contains(ulong[] set, int state) => (set[state >> 6] & (1UL << (state & 63))) != 0;

        private static bool IsEmpty(ulong[] set) => Array.TrueForAll(set, w => w == 0);
    }

    private sealed class BitSetComparer : IEqualityComparer<ulong[]>
    {
        public static readonly BitSetComparer Instance = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
