namespace Enrichment.Local.StateMachine;

/// <summary>
/// A Parameters or ResultSelector template: fields named "x.$" take the value at a path of the
/// input (or of the context with "$$"), the rest is copied as is. Intrinsic functions are refused at load.
/// </summary>
public sealed class PayloadTemplate
{
    private readonly JsonNode? _template;

    private PayloadTemplate(JsonNode? template) => _template = template;

    public static PayloadTemplate Compile(JsonNode? template, string where)
    {
        Validate(template, where);
        return new PayloadTemplate(template?.DeepClone());
    }

    public JsonNode? Evaluate(JsonNode? input, JsonNode context) => Evaluate(_template, input, context);

    private static void Validate(JsonNode? node, string where)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        if (value is not JsonValue v || !v.TryGetValue<string>(out var path))
                        {
                            throw new AslUnsupportedException($"{where}: field '{key}' must hold a path string");
                        }

                        if (path.StartsWith("States.", StringComparison.Ordinal))
                        {
                            var function = path.Split('(')[0];
                            throw new AslUnsupportedException($"{where}: intrinsic function {function} (field '{key}') is not supported by the local runner");
                        }

                        JsonPath.Parse(path, $"{where} field '{key}'");
                    }
                    else
                    {
                        Validate(value, where);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Validate(item, where);
                }

                break;
        }
    }

    private static JsonNode? Evaluate(JsonNode? node, JsonNode? input, JsonNode context)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        var path = JsonPath.Parse(value!.GetValue<string>(), "Parameters");
                        if (!path.TryGet(path.IsContext ? context : input, out var found))
                        {
                            throw new AslErrorException(
                                "States.Runtime",
                                $"The JSONPath '{path.Text}' specified for the field '{key}' could not be found in the input");
                        }

                        result[key[..^2]] = found?.DeepClone();
                    }
                    else
                    {
                        result[key] = Evaluate(value, input, context);
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Evaluate(item, input, context))]);
            default:
                return node?.DeepClone();
        }
    }
}
