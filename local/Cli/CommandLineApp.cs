using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// The command tree (enrich, retry, serve, generate, bench) on System.CommandLine: help for every
/// command, one error line with a suggestion for a mistyped name, and the documented exit codes.
/// </summary>
public static class CommandLineApp
{
    public static RootCommand Create(TextWriter output, TerminalProfile terminal)
    {
        var root = new RootCommand($"""
            enrichment: the contact enrichment pipeline on one machine (no AWS account needed)

              {EnrichCommandLine.EnrichSynopsis}
              {EnrichCommandLine.RetrySynopsis}
              serve [--port 8080] [--api-keys keys.json]      then open the printed URL for the web page
              generate --out <file.csv> [--count 5000]
              bench [--counts 100000,1000000]

            Exit codes: 0 done, 1 the job or a file operation failed, 2 the command line was wrong, 130 stopped.
            """)
        {
            EnrichCommandLine.Enrich(output, terminal),
            EnrichCommandLine.Retry(output, terminal),
            ServeCommand.Create(output),
            GenerateCommand.Create(output),
            BenchCommand.Create(output),
        };
        root.SetAction(parsed =>
        {
            // No command: the overview, and a failure, since nothing was done.
            new HelpAction().Invoke(parsed);
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>Parses and runs one command line; problems the user can fix come back as <see cref="CliException"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TerminalProfile terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        // `@file` is a list's name here, not a response file of arguments.
        var parsed = Create(output, terminal).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Action is ParseErrorAction)
        {
            await error.WriteLineAsync($"error: {ParseErrorLine.Describe(parsed)}");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
            cancellationToken);
    }
}
