namespace Enrichment.Core.Input;

/// <summary>Plain-English wording for the JSON readers' errors.</summary>
internal static class JsonErrors
{
    /// <summary>The reader's message without its own position suffix (the exception carries ours).</summary>
    public static string Reason(JsonException exception)
    {
        var message = exception.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (suffix >= 0 ? message[..suffix] : message).Trim();

        // Some messages quote a run of the input ("'tru}\n]' is an invalid JSON literal"); that is
        // contact data, so only a single quoted character is kept.
        if (reason.StartsWith('\'') && reason.IndexOf('\'', 1) is var close && close > 2)
        {
            reason = "the value here" + reason[(close + 1)..];
        }

        return $"invalid JSON: {reason}";
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
