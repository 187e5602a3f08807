namespace Enrichment.Local.StateMachine;

/// <summary>
/// The reference paths ASL allows in InputPath, Parameters, ResultPath and the like: <c>$</c>,
/// <c>$.a.b</c>, <c>$['a']</c>, <c>$.list[0]</c>, and <c>$$.</c> for the context object. Wildcards,
/// filters and slices are refused when the definition is loaded.
/// </summary>
public sealed class JsonPath
{
    private readonly object[] _segments;

    private JsonPath(string text, bool isContext, object[] segments)
    {
        Text = text;
        IsContext = isContext;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>True for <c>$$</c> paths (the context object).</summary>
    public bool IsContext { get; }

    public bool IsRoot => _segments.Length == 0;

    /// <summary>Parses a path; <paramref name="where"/> names the state and field for the error message.</summary>
    public static JsonPath Parse(string text, string where)
    {
        var isContext = text.StartsWith("$$", StringComparison.Ordinal);
        if (!text.StartsWith('$'))
        {
            throw new AslUnsupportedException($"{where}: '{text}' is not a JSONPath (must start with $)");
        }

        var segments = new List<object>();
        var i = isContext ? 2 : 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                if (i < text.Length && text[i] == '.')
                {
                    throw new AslUnsupportedException($"{where}: recursive descent '..' in '{text}' is not supported");
                }

                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[')
                {
                    i++;
                }

                var name = text[start..i];
                if (name.Length == 0 || name == "*")
                {
                    throw new AslUnsupportedException($"{where}: path '{text}' has an empty or wildcard field, not supported");
                }

                segments.Add(name);
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    throw new AslUnsupportedException($"{where}: unclosed '[' in '{text}'");
                }

                var inner = text[(i + 1)..end].Trim();
                if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0])
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    throw new AslUnsupportedException($"{where}: '[{inner}]' in '{text}' is not supported (only [n] and ['name'])");
                }

                i = end + 1;
            }
            else
            {
                throw new AslUnsupportedException($"{where}: unexpected '{text[i]}' in path '{text}'");
            }
        }

        return new JsonPath(text, isContext, [.. segments]);
    }

    /// <summary>Finds the node the path names; false when any step is missing. A JSON null found is (true, null).</summary>
    public bool TryGet(JsonNode? root, out JsonNode? value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            switch (segment)
            {
                case string name when value is JsonObject obj && obj.TryGetPropertyValue(name, out var child):
                    value = child;
                    break;
                case int index when value is JsonArray array && index < array.Count:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>A copy of <paramref name="root"/> with <paramref name="value"/> placed at the path, creating objects on the way.</summary>
    public JsonNode? Set(JsonNode? root, JsonNode? value)
    {
        if (_segments.Length == 0)
        {
            return value;
        }

        if (value?.Parent is not null)
        {
            value = value.DeepClone();
        }

        var copy = root?.DeepClone() ?? new JsonObject();
        if (copy is not JsonObject)
        {
            throw new AslErrorException("States.Runtime", $"ResultPath '{Text}' needs an object input, got {copy.GetValueKind()}");
        }

        JsonNode current = copy;
        for (var i = 0; i < _segments.Length; i++)
        {
            var last = i == _segments.Length - 1;
            switch (_segments[i], current)
            {
                case (string name, JsonObject obj):
                    if (last)
                    {
                        obj[name] = value;
                    }
                    else
                    {
                        if (obj[name] is not JsonObject and not JsonArray)
                        {
                            obj[name] = new JsonObject();
                        }

                        current = obj[name]!;
                    }

                    break;
                case (int index, JsonArray array) when index < array.Count:
                    if (last)
                    {
                        array[index] = value;
                    }
                    else
                    {
                        current = array[index] ?? throw new AslErrorException("States.Runtime", $"ResultPath '{Text}' steps through null");
                    }

                    break;
                default:
                    throw new AslErrorException("States.Runtime", $"ResultPath '{Text}' cannot be applied to the state's input");
            }
        }

        return copy;
    }

    public override string ToString() => Text;
}
