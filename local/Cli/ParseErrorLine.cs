using System.CommandLine;
using System.CommandLine.Parsing;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// A command line the parser refused, as one line: what was wrong, the name that was probably meant,
/// and where help is. The library's own report (every error, then the whole help) buries the point.
/// </summary>
public static class ParseErrorLine
{
    public static string Describe(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var command = parsed.CommandResult.Command;
        var help = command is RootCommand ? "enrichment --help" : $"enrichment {command.Name} --help";
        if (parsed.UnmatchedTokens.Count > 0)
        {
            var token = parsed.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                var name = token.Split('=', ':')[0];
                var options = command.Options.Concat(parsed.RootCommandResult.Command.Options.Where(o => o.Recursive))
                    .Where(o => !o.Hidden)
                    .SelectMany(o => o.Aliases.Prepend(o.Name))
                    .Where(n => n.StartsWith("--", StringComparison.Ordinal));
                return $"unknown option {name} for '{Path(command)}'{Hint(Suggestions.Closest(name, options), help)}";
            }

            if (command is RootCommand)
            {
                var names = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
                return $"unknown command '{token}'; commands: {string.Join(", ", names)}{Hint(Suggestions.Closest(token, names), help)}";
            }

            return $"unexpected argument '{token}' for '{Path(command)}' (see {help})";
        }

        // The library words these two for its own users; say them the way this CLI's other errors are said.
        var missingArgument = command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0 && parsed.GetResult(a) is not { Tokens.Count: > 0 });
        if (missingArgument is not null)
        {
            return $"{Path(command)} needs <{missingArgument.Name}>: {missingArgument.Description} (see {help})";
        }

        var emptyOption = parsed.CommandResult.Children.OfType<OptionResult>()
            .FirstOrDefault(o => !o.Implicit && o.Tokens.Count == 0 && o.Option.Arity.MinimumNumberOfValues > 0);
        if (emptyOption is not null)
        {
            return $"{emptyOption.Option.Name} needs a value (see {help})";
        }

        var message = parsed.Errors.Count > 0 ? parsed.Errors[0].Message.TrimEnd('.') : "the command line could not be read";
        return $"{message} (see {help})";
    }

    private static string Path(Command command) => command is RootCommand ? "enrichment" : command.Name;

    private static string Hint(string? suggestion, string help) =>
        suggestion is null ? $" (see {help})" : $"; did you mean {suggestion}? (see {help})";
}
