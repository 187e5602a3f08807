namespace Enrichment.Local.StateMachine;

/// <summary>A parsed state. Fields a type does not use stay null; the parser refuses what a type does not allow.</summary>
public sealed class AslState
{
    public required string Name { get; init; }

    public required AslStateType Type { get; init; }

    public string? Next { get; init; }

    public bool End { get; init; }

    /// <summary>Null: the path was JSON null (input becomes {}).</summary>
    public JsonPath? InputPath { get; init; }

    /// <summary>Null: the path was JSON null (output becomes {}).</summary>
    public JsonPath? OutputPath { get; init; }

    /// <summary>Null: the path was JSON null (the result is discarded, the input passes through).</summary>
    public JsonPath? ResultPath { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public bool HasResult { get; init; }

    public JsonNode? Result { get; init; }

    public string? Resource { get; init; }

    public IReadOnlyList<AslRetrier> Retry { get; init; } = [];

    public IReadOnlyList<AslCatcher> Catch { get; init; } = [];

    public int? TimeoutSeconds { get; init; }

    public double? Seconds { get; init; }

    public JsonPath? SecondsPath { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonPath? TimestampPath { get; init; }

    public IReadOnlyList<ChoiceRule> Choices { get; init; } = [];

    public string? Default { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }
}
