using System.Runtime.CompilerServices;

namespace Enrichment.Core.Input;

/// <summary>
/// Turns JSON objects into column-aligned values for the JSON readers. Keys become columns in
/// first-seen order. Strings are taken as they are, numbers and booleans as their JSON text, null as
/// null, and nested objects or arrays as their raw JSON text.
/// </summary>
internal sealed class JsonColumnSet
{
    private readonly List<string> _columns = [];
    private readonly List<byte[]> _utf8Names = [];
    private readonly Dictionary<string, int> _indexByName = new(StringComparer.Ordinal);
    private readonly int _maxColumns;
    private readonly int _maxHeaderLength;
    private long _headerLength;

    // Most lists repeat one key order; guessing the column from the last object's order saves a
    // string and a dictionary lookup per key.
    private int[] _lastOrder = new int[16];
    private int _lastOrderCount;
    private string?[] _scratch = new string?[16];

    public JsonColumnSet(ContactReaderOptions options)
    {
        _maxColumns = options.MaxColumns;
        _maxHeaderLength = options.MaxHeaderLength;
    }

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>
    /// Reads the object whose StartObject token <paramref name="reader"/> is on, up to its EndObject.
    /// <paramref name="source"/> is the span the reader reads (to slice nested values' raw text).
    /// False when the span ends inside the object (a non-final block): the caller refills and
    /// reads the object again from its start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, out string?[]? values)
    {
        values = null;
        _scratch.AsSpan(0, Math.Min(_columns.Count, _scratch.Length)).Clear();
        var ordinal = 0;
        var width = 0;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                break;
            }

            var index = Resolve(ref reader, ordinal++);
            if (!reader.Read())
            {
                return false;
            }

            string? value;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    value = reader.GetString();
                    break;
                case JsonTokenType.Number:
                    value = Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                case JsonTokenType.True:
                    value = "true";
                    break;
                case JsonTokenType.False:
                    value = "false";
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    value = Encoding.UTF8.GetString(source[start..(int)reader.BytesConsumed]);
                    break;
                default:
                    value = null;
                    break;
            }

            if (index >= _scratch.Length)
            {
                Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, index + 1));
            }

            _scratch[index] = value;
            width = Math.Max(width, index + 1);
        }

        // Only as wide as this object's own keys reach: a record never carries the nulls of keys
        // that later (or other) records brought in; readers of a row treat missing values as null.
        values = new string?[width];
        Array.Copy(_scratch, values, width);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Resolve(ref Utf8JsonReader reader, int ordinal)
    {
        if (ordinal < _lastOrderCount && reader.ValueTextEquals(_utf8Names[_lastOrder[ordinal]]))
        {
            return _lastOrder[ordinal];
        }

        var name = reader.GetString() ?? string.Empty;
        if (!_indexByName.TryGetValue(name, out var index))
        {
            _headerLength += name.Length;
            if (_columns.Count >= _maxColumns)
            {
                throw new InputFormatException(InputLimits.TooManyColumns(_columns.Count + 1));
            }

            if (_headerLength > _maxHeaderLength)
            {
                throw new InputFormatException(InputLimits.HeaderTooLong());
            }

            index = _columns.Count;
            _columns.Add(name);
            _utf8Names.Add(Encoding.UTF8.GetBytes(name));
            _indexByName.Add(name, index);
        }

        if (ordinal == _lastOrder.Length)
        {
            Array.Resize(ref _lastOrder, _lastOrder.Length * 2);
        }

        _lastOrder[ordinal] = index;
        _lastOrderCount = Math.Max(_lastOrderCount, ordinal + 1);
        return index;
    }
}
