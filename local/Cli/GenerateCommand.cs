using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Cli;

/// <summary>`generate --count N --out file.csv [--seed S]`: a realistic messy list (samples/contacts.csv is made by it).</summary>
public static class GenerateCommand
{
    public static async Task RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var count = args.IntOption("count", 5_000, 1, 50_000_000);
        var seed = args.IntOption("seed", 42, 0, int.MaxValue);
        var path = args.Option("out") ?? throw new CliException("--out <file.csv> is required");
        args.RejectUnknown();
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
