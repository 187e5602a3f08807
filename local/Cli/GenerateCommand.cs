using System.CommandLine;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Cli;

/// <summary>`generate --count N --out file.csv [--seed S]`: a realistic messy list (samples/contacts.csv is made by it).</summary>
public static class GenerateCommand
{
    public static Command Create(TextWriter output)
    {
        var count = CliOptions.WholeNumber("--count", 5_000, 1, 50_000_000, "how many contacts");
        var seed = CliOptions.WholeNumber("--seed", 42, 0, int.MaxValue, "the same seed makes the same list");
        var outFile = CliOptions.Text("--out", "file.csv", "the CSV file to write (required)");
        var command = new Command("generate", "writes a synthetic, realistically messy contact list (how samples/contacts.csv was made)") { count, seed, outFile };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            await RunAsync(parsed.GetValue(outFile), parsed.GetValue(count), parsed.GetValue(seed), output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(string? path, int count, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            throw new CliException("--out <file.csv> is required");
        }

        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException("generate writes CSV: --out must end in .csv");
        }

        await using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16))
        {
            writer.NewLine = "\n";
            await new ContactGenerator(seed).WriteCsvAsync(writer, count, cancellationToken);
        }

        await output.WriteLineAsync($"wrote {count:N0} contacts to {path}");
    }
}
