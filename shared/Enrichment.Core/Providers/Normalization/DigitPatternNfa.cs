namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// A Thompson NFA over the ten ASCII digits, read from a libphonenumber metadata pattern's small
/// grammar: digits, \d, [digit classes and ranges], (?:...) and (...) groups, |, and the
/// quantifiers ?, *, +, {n}, {n,}, {n,m} (lazy or not: laziness changes which match a regex
/// reports, never whether one exists, which is all <see cref="PhonePattern"/> asks). Anything else
/// (other escapes, lookarounds, inline options, nested quantifiers, a '{' that is not a
/// quantifier...) makes <see cref="TryRead"/> fail, and the caller keeps the Regex.
/// Built right to left: each piece is compiled in front of the state that follows it.
/// </summary>
internal sealed class DigitPatternNfa
{
    // Far beyond any metadata pattern (the largest, after expanding counts, has a few thousand
    // states); a larger one stays a Regex rather than cost memory and build time.
    private const int MaxStates = 100_000;
    private const int MaxDepth = 32;
    private const int MaxCount = 100;
    private const int AllDigits = 0x3FF;

    // Per state: a digit mask (non-zero: a digit state, going to Next on those digits) or, for
    // mask zero, a set of epsilon moves (Epsilons). State 0 is the accepting state.
    private readonly List<int> _masks = [0];
    private readonly List<int> _next = [-1];
    private readonly List<List<int>?> _epsilons = [null];

    private DigitPatternNfa()
    {
    }

    public int Start { get; private set; }

    public int Count => _masks.Count;

    public const int Accept = 0;

    public int MaskOf(int state) => _masks[state];

    public int NextOf(int state) => _next[state];

    public IReadOnlyList<int>? EpsilonsOf(int state) => _epsilons[state];

    /// <summary>The NFA of the pattern, or null when the pattern is outside the grammar (or too large).</summary>
    public static DigitPatternNfa? TryRead(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parser = new Parser(pattern);
        if (!parser.TryAlternation(0, out var tree) || !parser.AtEnd)
        {
            return null;
        }

        var nfa = new DigitPatternNfa();
        if (!nfa.TryCompile(tree, Accept, out var start))
        {
            return null;
        }

        nfa.Start = start;
        return nfa;
    }

    private bool TryCompile(Node node, int target, out int start)
    {
        start = -1;
        if (_masks.Count > MaxStates)
        {
            return false;
        }

        switch (node)
        {
            case DigitsNode digits:
                start = Add(digits.Mask, target, null);
                return true;
            case SequenceNode sequence:
                start = target;
                for (var i = sequence.Items.Count - 1; i >= 0; i--)
                {
                    if (!TryCompile(sequence.Items[i], start, out start))
                    {
                        return false;
                    }
                }

                return true;
            case AlternationNode alternation:
                var branches = new List<int>(alternation.Branches.Count);
                foreach (var branch in alternation.Branches)
                {
                    if (!TryCompile(branch, target, out var branchStart))
                    {
                        return false;
                    }

                    branches.Add(branchStart);
                }

                start = Add(0, -1, branches);
                return true;
            case RepeatNode repeat:
                return TryCompileRepeat(repeat, target, out start);
            default:
                return false;
        }
    }

    private bool TryCompileRepeat(RepeatNode repeat, int target, out int start)
    {
        start = target;
        if (repeat.Max < 0)
        {
            // x*: a state that either enters x (which comes back to it) or leaves.
            var loop = Add(0, -1, []);
            if (!TryCompile(repeat.Item, loop, out var body))
            {
                return false;
            }

            _epsilons[loop]!.AddRange([body, target]);
            start = loop;
        }
        else
        {
            // x{0,k} as (x(x(x)?)?)?: after each optional copy, another or leave.
            for (var i = 0; i < repeat.Max - repeat.Min; i++)
            {
                if (!TryCompile(repeat.Item, start, out var copy))
                {
                    return false;
                }

                start = Add(0, -1, [copy, target]);
            }
        }

        for (var i = 0; i < repeat.Min; i++)
        {
            if (!TryCompile(repeat.Item, start, out start))
            {
                return false;
            }
        }

        return true;
    }

    private int Add(int mask, int next, List<int>? epsilons)
    {
        _masks.Add(mask);
        _next.Add(next);
        _epsilons.Add(epsilons);
        return _masks.Count - 1;
    }

    private abstract record Node;

    private sealed record DigitsNode(int Mask) : Node;

    private sealed record SequenceNode(List<Node> Items) : Node;

    private sealed record AlternationNode(List<Node> Branches) : Node;

    /// <summary>Max -1: unbounded.</summary>
    private sealed record RepeatNode(Node Item, int Min, int Max) : Node;

    /// <summary>Recursive descent over the grammar; each Try* returns false on anything it does not know.</summary>
    private ref struct Parser(string pattern)
    {
        private readonly string _pattern = pattern;
        private int _position;

        public readonly bool AtEnd => _position == _pattern.Length;

        private readonly char Peek => _position < _pattern.Length ? _pattern[_position] : '\0';

        public bool TryAlternation(int depth, out Node node)
        {
            node = null!;
            if (depth > MaxDepth)
            {
                return false;
            }

            var branches = new List<Node>();
            while (true)
            {
                if (!TrySequence(depth, out var branch))
                {
                    return false;
                }

                branches.Add(branch);
                if (Peek != '|')
                {
                    node = branches.Count == 1 ? branches[0] : new AlternationNode(branches);
                    return true;
                }

                _position++;
            }
        }

        private bool TrySequence(int depth, out Node node)
        {
            var items = new List<Node>();
            node = new SequenceNode(items);
            while (!AtEnd && Peek is not ('|' or ')'))
            {
                if (!TryAtom(depth, out var atom) || !TryQuantified(atom, out var item))
                {
                    return false;
                }

                items.Add(item);
            }

            return true;
        }

        private bool TryQuantified(Node atom, out Node node)
        {
            node = atom;
            int min;
            int max;
            switch (Peek)
            {
                case '?':
                    (min, max) = (0, 1);
                    _position++;
                    break;
                case '*':
                    (min, max) = (0, -1);
                    _position++;
                    break;
                case '+':
                    (min, max) = (1, -1);
                    _position++;
                    break;
                case '{':
                    if (!TryCount(out min, out max))
                    {
                        return false;
                    }

                    break;
                default:
                    return true;
            }

            // A lazy quantifier matches the same strings; a second quantifier is an error to .NET.
            if (Peek == '?')
            {
                _position++;
            }

            node = new RepeatNode(atom, min, max);
            return Peek is not ('?' or '*' or '+' or '{');
        }

        private bool TryAtom(int depth, out Node node)
        {
            node = null!;
            var c = Peek;
            if (c is >= '0' and <= '9')
            {
                _position++;
                node = new DigitsNode(1 << (c - '0'));
                return true;
            }

            if (c == '\\')
            {
                if (!TryDigitEscape())
                {
                    return false;
                }

                node = new DigitsNode(AllDigits);
                return true;
            }

            if (c == '[')
            {
                if (!TryClass(out var mask))
                {
                    return false;
                }

                node = new DigitsNode(mask);
                return true;
            }

            if (c != '(')
            {
                return false;
            }

            _position++;
            if (Peek == '?')
            {
                // Only the non-capturing group: a lookaround or an inline option changes what matches.
                if (_position + 1 >= _pattern.Length || _pattern[_position + 1] != ':')
                {
                    return false;
                }

                _position += 2;
            }

            if (!TryAlternation(depth + 1, out node) || Peek != ')')
            {
                return false;
            }

            _position++;
            return true;
        }

        private bool TryDigitEscape()
        {
            if (_position + 1 >= _pattern.Length || _pattern[_position + 1] != 'd')
            {
                return false;
            }

            _position += 2;
            return true;
        }

        private bool TryClass(out int mask)
        {
            mask = 0;
            _position++;
            if (Peek is '^' or ']')
            {
                return false;
            }

            while (Peek != ']')
            {
                if (Peek == '\\')
                {
                    if (!TryDigitEscape())
                    {
                        return false;
                    }

                    mask = AllDigits;
                    continue;
                }

                var low = Peek;
                if (low is < '0' or > '9')
                {
                    return false;
                }

                _position++;
                var high = low;
                if (Peek == '-')
                {
                    _position++;
                    high = Peek;
                    if (high is < '0' or > '9' || high < low)
                    {
                        return false;
                    }

                    _position++;
                }

                for (var d = low; d <= high; d++)
                {
                    mask |= 1 << (d - '0');
                }
            }

            _position++;
            return true;
        }

        private bool TryCount(out int min, out int max)
        {
            // {n}, {n,} or {n,m}, small numbers only; anything else (.NET reads some as literals) is refused.
            max = -1;
            _position++;
            if (!TryNumber(out min))
            {
                return false;
            }

            if (Peek == ',')
            {
                _position++;
                if (Peek != '}' && (!TryNumber(out max) || max < min))
                {
                    return false;
                }
            }
            else
            {
                max = min;
            }

            if (Peek != '}')
            {
                return false;
            }

            _position++;
            return true;
        }

        private bool TryNumber(out int value)
        {
            value = 0;
            var start = _position;
            while (Peek is >= '0' and <= '9')
            {
                value = value * 10 + (Peek - '0');
                _position++;
                if (value > MaxCount)
                {
                    return false;
                }
            }

            return _position > start;
        }
    }
}
