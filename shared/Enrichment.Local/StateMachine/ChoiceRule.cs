namespace Enrichment.Local.StateMachine;

/// <summary>A Choice rule: a comparison on a Variable, or And/Or/Not of nested rules. Top-level rules carry Next.</summary>
public sealed class ChoiceRule
{
    private static readonly HashSet<string> Comparisons = new(StringComparer.Ordinal)
    {
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals", "IsPresent", "IsNull", "IsString", "IsNumeric", "IsBoolean",
    };

    private static readonly string[] LogicalOperators = ["And", "Or", "Not"];
    private const string NextField = "Next";

    private JsonPath? _variable;
    private string? _operator;
    private JsonNode? _operand;
    private JsonPath? _operandPath;
    private List<ChoiceRule> _children = [];
    private string _kind = "";

    public string? Next { get; private set; }

    public static ChoiceRule Parse(JsonObject json, string where, bool topLevel)
    {
        var rule = new ChoiceRule();
        var logical = LogicalOperators.Where(json.ContainsKey).ToList();
        foreach (var (key, _) in json)
        {
            var known = key is "Variable" or "Next" or "Comment" or "And" or "Or" or "Not"
                || Comparisons.Contains(key)
                || (key.EndsWith("Path", StringComparison.Ordinal) && Comparisons.Contains(key[..^4]) && !key.StartsWith("Is", StringComparison.Ordinal));
            if (!known)
            {
                throw new AslUnsupportedException($"{where}: choice rule field '{key}' is not supported by the local runner");
            }
        }

        if (topLevel)
        {
            rule.Next = json[NextField]?.GetValue<string>() ?? throw new AslUnsupportedException($"{where}: a top-level choice rule needs Next");
        }
        else if (json.ContainsKey(NextField))
        {
            throw new AslUnsupportedException($"{where}: a nested choice rule cannot have Next");
        }

        if (logical.Count > 1)
        {
            throw new AslUnsupportedException($"{where}: a choice rule holds one of And, Or, Not");
        }

        if (logical.Count == 1)
        {
            rule._kind = logical[0];
            rule._children = logical[0] == "Not"
                ? [Parse(json["Not"] as JsonObject ?? throw new AslUnsupportedException($"{where}: Not needs an object"), where, false)]
                : (json[logical[0]] as JsonArray ?? throw new AslUnsupportedException($"{where}: {logical[0]} needs an array"))
                    .Select(child => Parse(child as JsonObject ?? throw new AslUnsupportedException($"{where}: nested rules are objects"), where, false))
                    .ToList();
            return rule;
        }

        var variable = json["Variable"]?.GetValue<string>() ?? throw new AslUnsupportedException($"{where}: a choice rule needs Variable");
        rule._variable = JsonPath.Parse(variable, where + " Variable");
        var operators = json.Select(p => p.Key).Where(k => k is not ("Variable" or "Next" or "Comment")).ToList();
        if (operators.Count != 1)
        {
            throw new AslUnsupportedException($"{where}: a choice rule needs exactly one comparison");
        }

        var op = operators[0];
        rule._kind = "Compare";
        if (!Comparisons.Contains(op))
        {
            rule._operator = op[..^4];
            rule._operandPath = JsonPath.Parse(json[op]!.GetValue<string>(), $"{where} {op}");
        }
        else
        {
            rule._operator = op;
            rule._operand = json[op]?.DeepClone();
        }

        return rule;
    }

    public bool Evaluate(JsonNode? input, JsonNode context)
    {
        switch (_kind)
        {
            case "And":
                return _children.All(c => c.Evaluate(input, context));
            case "Or":
                return _children.Any(c => c.Evaluate(input, context));
            case "Not":
                return !_children[0].Evaluate(input, context);
        }

        var present = _variable!.TryGet(_variable.IsContext ? context : input, out var value);
        switch (_operator)
        {
            case "IsPresent":
                return present == _operand!.GetValue<bool>();
            case "IsNull":
                return (present && value is null) == _operand!.GetValue<bool>();
            case "IsString":
                return (present && Kind(value) == JsonValueKind.String) == _operand!.GetValue<bool>();
            case "IsNumeric":
                return (present && Kind(value) == JsonValueKind.Number) == _operand!.GetValue<bool>();
            case "IsBoolean":
                return (present && Kind(value) is JsonValueKind.True or JsonValueKind.False) == _operand!.GetValue<bool>();
        }

        if (!present)
        {
            throw new AslErrorException(AslErrors.Runtime, $"Invalid path '{_variable.Text}': The choice state's condition path references an invalid value.");
        }

        var operand = _operand;
        if (_operandPath is not null && !_operandPath.TryGet(_operandPath.IsContext ? context : input, out operand))
        {
            throw new AslErrorException(AslErrors.Runtime, $"Invalid path '{_operandPath.Text}' in a choice rule");
        }

        return Compare(_operator!, value, operand);
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static bool Compare(string op, JsonNode? value, JsonNode? operand)
    {
        if (op.StartsWith("String", StringComparison.Ordinal))
        {
            if (Kind(value) != JsonValueKind.String || Kind(operand) != JsonValueKind.String)
            {
                return false;
            }

            var order = string.CompareOrdinal(value!.GetValue<string>(), operand!.GetValue<string>());
            return Order(op["String".Length..], order);
        }

        if (op.StartsWith("Numeric", StringComparison.Ordinal))
        {
            if (Kind(value) != JsonValueKind.Number || Kind(operand) != JsonValueKind.Number)
            {
                return false;
            }

            return Order(op["Numeric".Length..], value!.GetValue<double>().CompareTo(operand!.GetValue<double>()));
        }

        // BooleanEquals
        return Kind(value) is JsonValueKind.True or JsonValueKind.False
            && Kind(operand) is JsonValueKind.True or JsonValueKind.False
            && value!.GetValue<bool>() == operand!.GetValue<bool>();
    }

    private static bool Order(string relation, int order) => relation switch
    {
        "Equals" => order == 0,
        "LessThan" => order < 0,
        "GreaterThan" => order > 0,
        "LessThanEquals" => order <= 0,
        "GreaterThanEquals" => order >= 0,
        _ => throw new AslUnsupportedException($"comparison {relation} is not supported"),
    };
}
