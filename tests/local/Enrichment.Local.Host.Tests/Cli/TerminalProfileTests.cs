using Enrichment.Local.Host.Cli;
using Spectre.Console;

namespace Enrichment.Local.Host.Tests.Cli;

public sealed class TerminalProfileTests
{
    [TestCase(true, null, "xterm-256color", false, false)]
    [TestCase(true, "1", "xterm-256color", false, false)]
    [TestCase(false, null, "xterm-256color", true, true)]
    [TestCase(false, "1", "xterm-256color", true, false)]
    [TestCase(false, "", "xterm-256color", true, true)]
    [TestCase(false, null, "dumb", true, false)]
    public void Detect_FollowsRedirectionNoColorAndDumbTerminals(bool redirected, string? noColour, string term, bool isTerminal, bool ansi)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColour, ["TERM"] = term };

        var profile = TerminalProfile.Detect(redirected, name => environment.GetValueOrDefault(name));

        Assert.That(profile, Is.EqualTo(new TerminalProfile(isTerminal, ansi)));
    }

    [Test]
    public void CreateConsole_WithoutAnsi_WritesATableWithNoEscapeSequence()
    {
        using var output = new StringWriter();
        var console = new TerminalProfile(IsTerminal: true, Ansi: false).CreateConsole(output);

        console.Write(new Table().AddColumn("records").AddRow("[green]ok[/]"));

        Assert.That(output.ToString(), Does.Contain("ok").And.Contain("│").And.Not.Contain("\u001b"));
    }
}
