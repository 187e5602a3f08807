using System.Text.RegularExpressions;

// ASL field names are JSON names; that some match C# property names is a coincidence nameof would hide.
#pragma warning disable CA1507

namespace Enrichment.Local.StateMachine;

/// <summary>
/// A loaded Amazon States Language definition: placeholders rendered, parsed, and checked against
/// what the local runner supports. Anything it cannot run faithfully (Map, Parallel, intrinsic
/// functions, JSONata, unknown fields) is refused here, with the state and feature named, rather
/// than misbehaving at run time.
/// </summary>
public sealed partial class AslDefinition
{
    private static readonly JsonPath Root = JsonPath.Parse("$", "default");

    private static readonly string[] CommonFields = ["Type", "Comment", "InputPath", "OutputPath"];
    private static readonly string[] FlowFields = ["Next", "End"];

    private static readonly Dictionary<string, string[]> AllowedFields = new(StringComparer.Ordinal)
    {
        ["Task"] = [.. CommonFields, .. FlowFields, "Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "TimeoutSeconds"],
        ["Pass"] = [.. CommonFields, .. FlowFields, "Result", "Parameters", "ResultPath"],
        ["Wait"] = [.. CommonFields, .. FlowFields, "Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
        ["Choice"] = [.. CommonFields, "Choices", "Default"],
        ["Succeed"] = [.. CommonFields],
        ["Fail"] = ["Type", "Comment", "Error", "Cause"],
    };

    private AslDefinition(string startAt, int? timeoutSeconds, IReadOnlyDictionary<string, AslState> states)
    {
        StartAt = startAt;
        TimeoutSeconds = timeoutSeconds;
        States = states;
    }

    public string StartAt { get; }

    public int? TimeoutSeconds { get; }

    public IReadOnlyDictionary<string, AslState> States { get; }

    /// <summary>Reads, renders and parses a definition file (e.g. statemachines/enrichment.asl.json).</summary>
    public static AslDefinition Load(string path, IReadOnlyDictionary<string, string>? placeholders = null) =>
        Parse(File.ReadAllText(path), placeholders);

    public static AslDefinition Parse(string text, IReadOnlyDictionary<string, string>? placeholders = null)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(Render(text, placeholders)) as JsonObject
                ?? throw new AslUnsupportedException("the definition must be a JSON object");
        }
        catch (JsonException exception)
        {
            throw new AslUnsupportedException("the definition is not valid JSON: " + exception.Message, exception);
        }

        foreach (var (key, _) in root)
        {
            if (key is not ("StartAt" or "States" or "Comment" or "TimeoutSeconds" or "Version"))
            {
                throw new AslUnsupportedException($"top-level field '{key}' is not supported by the local runner");
            }
        }

        var startAt = String(root, "StartAt", "definition") ?? throw new AslUnsupportedException("the definition needs StartAt");
        var statesJson = root["States"] as JsonObject ?? throw new AslUnsupportedException("the definition needs States");
        var states = new Dictionary<string, AslState>(StringComparer.Ordinal);
        foreach (var (name, node) in statesJson)
        {
            states[name] = ParseState(name, node as JsonObject ?? throw new AslUnsupportedException($"state '{name}' must be an object"));
        }

        if (!states.ContainsKey(startAt))
        {
            throw new AslUnsupportedException($"StartAt names '{startAt}', which is not a state");
        }

        foreach (var state in states.Values)
        {
            var targets = new List<string?> { state.Next, state.Default };
            targets.AddRange(state.Catch.Select(c => c.Next));
            targets.AddRange(state.Choices.Select(c => c.Next));
            foreach (var target in targets.Where(t => t is not null))
            {
                if (!states.ContainsKey(target!))
                {
                    throw new AslUnsupportedException($"state '{state.Name}' goes to '{target}', which is not a state");
                }
            }
        }

        var timeout = root["TimeoutSeconds"] is { } t ? Int(t, "definition TimeoutSeconds") : (int?)null;
        return new AslDefinition(startAt, timeout, states);
    }

    /// <summary>Replaces every ${name} with its value; an unknown name is an error (as in Terraform's templatefile).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string>? placeholders) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            return placeholders is not null && placeholders.TryGetValue(name, out var value)
                ? value
                : throw new AslUnsupportedException($"placeholder ${{{name}}} has no value");
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    private static AslState ParseState(string name, JsonObject json)
    {
        var where = $"state '{name}'";
        var type = String(json, "Type", where) ?? throw new AslUnsupportedException($"{where} has no Type");
        if (type is "Map" or "Parallel")
        {
            throw new AslUnsupportedException($"{where}: {type} states are not supported by the local runner");
        }

        if (!AllowedFields.TryGetValue(type, out var allowed))
        {
            throw new AslUnsupportedException($"{where}: state type '{type}' is not supported by the local runner");
        }

        foreach (var (key, _) in json)
        {
            if (!allowed.Contains(key))
            {
                throw new AslUnsupportedException($"{where} ({type}): field '{key}' is not supported by the local runner");
            }
        }

        var stateType = Enum.Parse<AslStateType>(type);
        var next = String(json, "Next", where);
        var end = json["End"] is { } e && e.GetValue<bool>();
        if (FlowFieldsApply(stateType) && (next is null) == !end)
        {
            throw new AslUnsupportedException($"{where} needs exactly one of Next or End");
        }

        return Validated(new AslState
        {
            Name = name,
            Type = stateType,
            Next = next,
            End = end,
            InputPath = OptionalPath(json, "InputPath", where),
            OutputPath = OptionalPath(json, "OutputPath", where),
            ResultPath = OptionalPath(json, "ResultPath", where),
            Parameters = json.ContainsKey("Parameters") ? PayloadTemplate.Compile(json["Parameters"], where + " Parameters") : null,
            ResultSelector = json.ContainsKey("ResultSelector") ? PayloadTemplate.Compile(json["ResultSelector"], where + " ResultSelector") : null,
            HasResult = json.ContainsKey("Result"),
            Result = json["Result"]?.DeepClone(),
            Resource = stateType == AslStateType.Task
                ? String(json, "Resource", where) ?? throw new AslUnsupportedException($"{where} needs Resource")
                : null,
            Retry = ParseRetry(json["Retry"], where),
            Catch = ParseCatch(json["Catch"], where),
            TimeoutSeconds = json["TimeoutSeconds"] is { } timeout ? Int(timeout, where + " TimeoutSeconds") : null,
            Seconds = json["Seconds"] is { } seconds ? seconds.GetValue<double>() : null,
            SecondsPath = json["SecondsPath"] is { } sp ? JsonPath.Parse(sp.GetValue<string>(), where + " SecondsPath") : null,
            Timestamp = json["Timestamp"] is { } ts ? ParseTimestamp(ts.GetValue<string>(), where) : null,
            TimestampPath = json["TimestampPath"] is { } tp ? JsonPath.Parse(tp.GetValue<string>(), where + " TimestampPath") : null,
            Choices = ParseChoices(json, stateType, where),
            Default = String(json, "Default", where),
            Error = String(json, "Error", where),
            Cause = String(json, "Cause", where),
        }, where);
    }

    private static bool FlowFieldsApply(AslStateType type) => type is AslStateType.Task or AslStateType.Pass or AslStateType.Wait;

    private static AslState Validated(AslState state, string where)
    {
        if (state.Type == AslStateType.Wait)
        {
            var given = new object?[] { state.Seconds, state.SecondsPath, state.Timestamp, state.TimestampPath }.Count(v => v is not null);
            if (given != 1)
            {
                throw new AslUnsupportedException($"{where} needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath");
            }
        }

        return state;
    }

    private static List<ChoiceRule> ParseChoices(JsonObject json, AslStateType type, string where)
    {
        if (type != AslStateType.Choice)
        {
            return [];
        }

        var choices = json["Choices"] as JsonArray;
        if (choices is null || choices.Count == 0)
        {
            throw new AslUnsupportedException($"{where} needs a non-empty Choices array");
        }

        return choices.Select(c => ChoiceRule.Parse(c as JsonObject ?? throw new AslUnsupportedException($"{where}: a choice must be an object"), where, topLevel: true)).ToList();
    }

    private static List<AslRetrier> ParseRetry(JsonNode? node, string where)
    {
        if (node is null)
        {
            return [];
        }

        var retriers = new List<AslRetrier>();
        foreach (var item in node as JsonArray ?? throw new AslUnsupportedException($"{where}: Retry must be an array"))
        {
            var retry = item as JsonObject ?? throw new AslUnsupportedException($"{where}: a retrier must be an object");
            foreach (var (key, _) in retry)
            {
                if (key is not ("ErrorEquals" or "IntervalSeconds" or "MaxAttempts" or "BackoffRate" or "MaxDelaySeconds" or "Comment"))
                {
                    throw new AslUnsupportedException($"{where}: Retry field '{key}' is not supported by the local runner");
                }
            }

            retriers.Add(new AslRetrier(
                ErrorNames(retry, where),
                retry["IntervalSeconds"]?.GetValue<double>() ?? 1,
                retry["MaxAttempts"] is { } attempts ? Int(attempts, where + " MaxAttempts") : 3,
                retry["BackoffRate"]?.GetValue<double>() ?? 2.0,
                retry["MaxDelaySeconds"]?.GetValue<double>()));
        }

        return retriers;
    }

    private static List<AslCatcher> ParseCatch(JsonNode? node, string where)
    {
        if (node is null)
        {
            return [];
        }

        var catchers = new List<AslCatcher>();
        foreach (var item in node as JsonArray ?? throw new AslUnsupportedException($"{where}: Catch must be an array"))
        {
            var entry = item as JsonObject ?? throw new AslUnsupportedException($"{where}: a catcher must be an object");
            foreach (var (key, _) in entry)
            {
                if (key is not ("ErrorEquals" or "ResultPath" or "Next" or "Comment"))
                {
                    throw new AslUnsupportedException($"{where}: Catch field '{key}' is not supported by the local runner");
                }
            }

            var hasPath = entry.TryGetPropertyValue("ResultPath", out var path);
            catchers.Add(new AslCatcher(
                ErrorNames(entry, where),
                !hasPath ? Root : path is null ? null : JsonPath.Parse(path.GetValue<string>(), where + " Catch ResultPath"),
                hasPath && path is null,
                String(entry, "Next", where) ?? throw new AslUnsupportedException($"{where}: a catcher needs Next")));
        }

        return catchers;
    }

    private static List<string> ErrorNames(JsonObject json, string where) =>
        (json["ErrorEquals"] as JsonArray ?? throw new AslUnsupportedException($"{where}: ErrorEquals must be an array"))
            .Select(e => e!.GetValue<string>())
            .ToList();

    /// <summary>Absent means "$"; JSON null means null.</summary>
    private static JsonPath? OptionalPath(JsonObject json, string field, string where)
    {
        if (!json.TryGetPropertyValue(field, out var node))
        {
            return Root;
        }

        if (node is null)
        {
            return null;
        }

        var path = JsonPath.Parse(node.GetValue<string>(), $"{where} {field}");
        if (path.IsContext)
        {
            throw new AslUnsupportedException($"{where} {field}: context paths are not allowed here");
        }

        return path;
    }

    private static string? String(JsonObject json, string field, string where)
    {
        var node = json[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new AslUnsupportedException($"{where}: {field} must be a string");
    }

    private static int Int(JsonNode node, string where)
    {
        var value = node.GetValue<double>();
        return value is >= 0 and <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw new AslUnsupportedException($"{where} must be a non-negative integer");
    }

    internal static DateTimeOffset ParseTimestamp(string text, string where) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new AslUnsupportedException($"{where}: '{text}' is not an ISO 8601 timestamp");
}
