namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// The digits a string matching a libphonenumber metadata pattern can start with, read from the
/// pattern's text, so that <see cref="PhonePattern"/> can answer "no" to a number starting with
/// any other digit without running the regex. Why (issue 13): after the type resolver, a third of
/// its CPU samples on a 1M-row list were Regex.IsMatch's own per-call setup, not the matching, and
/// most of a region's type patterns (premium rate, toll free, VoIP...) differ from a number in
/// their first digit.
/// The set is a superset by construction: it reads only the metadata's small grammar (digits,
/// \d, [digit classes and ranges], groups, |, ?, *, +, {n,m}) and gives up (all ten digits, that
/// is no filter) on anything else or on a pattern that can match the empty string.
/// </summary>
internal static class PhonePatternFirstDigits
{
    /// <summary>All ten digits: no filtering.</summary>
    public const int AllDigits = 0x3FF;

    /// <summary>A bit per digit (bit d for '0' + d) that a match of the pattern can start with.</summary>
    public static int Of(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var reader = new Reader(pattern);
        return reader.TryAlternation(out var first, out var nullable) && reader.AtEnd && !nullable && first != 0
            ? first
            : AllDigits;
    }

    /// <summary>A recursive-descent reader over the pattern; each Try* returns false on anything it does not know.</summary>
    private ref struct Reader(string pattern)
    {
        // Deeper nesting than any metadata pattern has; a pathological one gets no filter rather than a deep stack.
        private const int MaxDepth = 32;

        private readonly string _pattern = pattern;
        private int _position;
        private int _depth;

        public readonly bool AtEnd => _position == _pattern.Length;

        private readonly char Peek => _position < _pattern.Length ? _pattern[_position] : '\0';

        public bool TryAlternation(out int first, out bool nullable)
        {
            first = 0;
            nullable = false;
            if (++_depth > MaxDepth)
            {
                return false;
            }

            while (true)
            {
                if (!TrySequence(out var branchFirst, out var branchNullable))
                {
                    return false;
                }

                first |= branchFirst;
                nullable |= branchNullable;
                if (Peek != '|')
                {
                    _depth--;
                    return true;
                }

                _position++;
            }
        }

        private bool TrySequence(out int first, out bool nullable)
        {
            first = 0;
            nullable = true;
            while (!AtEnd && Peek is not ('|' or ')'))
            {
                if (!TryItem(out var itemFirst, out var itemNullable))
                {
                    return false;
                }

                // An item adds its first digits only while everything before it may be empty.
                if (nullable)
                {
                    first |= itemFirst;
                }

                nullable &= itemNullable;
            }

            return true;
        }

        private bool TryItem(out int first, out bool nullable)
        {
            if (!TryAtom(out first, out nullable))
            {
                return false;
            }

            while (true)
            {
                switch (Peek)
                {
                    case '?' or '*':
                        _position++;
                        nullable = true;
                        break;
                    case '+':
                        _position++;
                        break;
                    case '{':
                        if (!TryCount(out var min))
                        {
                            return false;
                        }

                        nullable |= min == 0;
                        break;
                    default:
                        return true;
                }
            }
        }

        private bool TryAtom(out int first, out bool nullable)
        {
            nullable = false;
            first = 0;
            var c = Peek;
            if (c is >= '0' and <= '9')
            {
                _position++;
                first = 1 << (c - '0');
                return true;
            }

            if (c == '\\')
            {
                return TryDigitEscape(out first);
            }

            if (c == '[')
            {
                return TryClass(out first);
            }

            if (c != '(')
            {
                return false;
            }

            _position++;
            if (Peek == '?')
            {
                // Only the non-capturing group: a lookaround or an inline option changes what follows.
                if (_position + 1 >= _pattern.Length || _pattern[_position + 1] != ':')
                {
                    return false;
                }

                _position += 2;
            }

            if (!TryAlternation(out first, out nullable) || Peek != ')')
            {
                return false;
            }

            _position++;
            return true;
        }

        private bool TryDigitEscape(out int first)
        {
            // \d: every digit (Unicode ones too, which PhonePattern never filters).
            first = AllDigits;
            if (_position + 1 >= _pattern.Length || _pattern[_position + 1] != 'd')
            {
                return false;
            }

            _position += 2;
            return true;
        }

        private bool TryClass(out int first)
        {
            first = 0;
            _position++;
            if (Peek is '^' or ']')
            {
                return false;
            }

            while (Peek != ']')
            {
                if (Peek == '\\')
                {
                    if (!TryDigitEscape(out var all))
                    {
                        return false;
                    }

                    first |= all;
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
                    first |= 1 << (d - '0');
                }
            }

            _position++;
            return true;
        }

        private bool TryCount(out int min)
        {
            // {n}, {n,} or {n,m}: only the lower bound matters (zero makes the item optional).
            min = 0;
            _position++;
            var start = _position;
            while (Peek is >= '0' and <= '9')
            {
                min = Math.Min(min * 10 + (Peek - '0'), 1000);
                _position++;
            }

            if (_position == start)
            {
                return false;
            }

            if (Peek == ',')
            {
                _position++;
                while (Peek is >= '0' and <= '9')
                {
                    _position++;
                }
            }

            if (Peek != '}')
            {
                return false;
            }

            _position++;
            return true;
        }
    }
}
