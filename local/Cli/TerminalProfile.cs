using Spectre.Console;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// What the standard output can show. Redirected (a file, a pipe, a test): plain lines, no escape
/// sequence of any kind. A terminal: a summary table; with ANSI, also a live progress bar and
/// colours. <c>NO_COLOR</c> (any non-empty value) or <c>TERM=dumb</c> takes ANSI away entirely, so
/// the bar falls back to plain lines: redrawing a line in place needs escape sequences too.
/// </summary>
public sealed record TerminalProfile(bool IsTerminal, bool Ansi)
{
    private const int PlainWidth = 100;

    public static TerminalProfile Plain { get; } = new(IsTerminal: false, Ansi: false);

    public static TerminalProfile Detect(bool outputRedirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (outputRedirected)
        {
            return Plain;
        }

        var noColour = !string.IsNullOrEmpty(environment("NO_COLOR"));
        var dumb = string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        return new TerminalProfile(IsTerminal: true, Ansi: !noColour && !dumb);
    }

    public static TerminalProfile ForThisProcess() => Detect(Console.IsOutputRedirected, Environment.GetEnvironmentVariable);

    /// <summary>A Spectre console on <paramref name="output"/> that can do exactly what this profile allows.</summary>
    public IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = Ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Ansi ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!Ansi)
        {
            // Asking the terminal its width makes .NET set up the terminal, which writes an escape
            // sequence of its own (keypad mode); a plain console must write none.
            console.Profile.Width = PlainWidth;
        }

        return console;
    }
}
