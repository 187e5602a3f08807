namespace Enrichment.Core.Input;

/// <summary>The input file is malformed; the message names the line (and column) and what was wrong.</summary>
public sealed class InputFormatException : Exception
{
    public InputFormatException(string message, long line, long? column = null)
        : base(Describe(message, line, column))
    {
        Line = line;
        Column = column;
        Reason = message;
    }

    public InputFormatException()
    {
        Reason = string.Empty;
    }

    public InputFormatException(string message)
        : base(message)
    {
        Reason = message;
    }

    public InputFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public long Line { get; }

    public long? Column { get; }

    public string Reason { get; }

    private static string Describe(string message, long line, long? column) =>
        column is null ? $"line {line}: {message}" : $"line {line}, column {column}: {message}";
}
