namespace Enrichment.Infra.Tests.Support;

/// <summary>Exit code and captured output of one finished command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Everything the command printed, for assertion messages (tail kept: errors come last).</summary>
    public string Describe()
    {
        var text = $"$ {Command}\nexit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
        return text.Length <= 20_000 ? text : "..." + text[^20_000..];
    }
}
