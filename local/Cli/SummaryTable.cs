using Spectre.Console;

namespace Enrichment.Local.Host.Cli;

/// <summary>A finished job on a terminal: its state, a table of record counts, one of provider usage.</summary>
public static class SummaryTable
{
    public static void Write(IAnsiConsole console, EnrichCommand.Result result, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        var s = result.Status;
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        console.MarkupLine(Invariant($"job [bold]{Markup.Escape(result.JobId)}[/]: [{StateColour(s.Status)}]{Markup.Escape(s.Status)}[/]"));

        var records = new Table().Border(TableBorder.Rounded)
            .AddColumn("records")
            .AddColumn(new TableColumn("count").RightAligned())
            .AddColumn(new TableColumn("share").RightAligned());
        records.AddRow("total", Invariant($"{s.Records.Total:N0}"), string.Empty);
        AddShare(records, "ok", "green", s.Records.Ok, s.Records.Total);
        AddShare(records, "invalid", "yellow", s.Records.Invalid, s.Records.Total);
        AddShare(records, "error", "red", s.Records.Error, s.Records.Total);
        AddShare(records, "duplicates", "grey", result.Summary?.Duplicates ?? 0, s.Records.Total);
        console.Write(records);

        if (s.Providers is { Count: > 0 } providers)
        {
            var usage = new Table().Border(TableBorder.Rounded).AddColumn("provider");
            foreach (var heading in new[] { "calls", "sent", "reused", "skipped", "matched", "match rate" })
            {
                usage.AddColumn(new TableColumn(heading).RightAligned());
            }

            foreach (var p in providers)
            {
                usage.AddRow(Markup.Escape(p.Provider), Invariant($"{p.Calls:N0}"), Invariant($"{p.Sent:N0}"), Invariant($"{p.Reused:N0}"), Invariant($"{p.Skipped:N0}"), Invariant($"{p.Matched:N0}"), Percent(p.MatchRate));
            }

            console.Write(usage);
        }

        console.MarkupLine(Invariant($"time    {result.Elapsed.TotalSeconds:N1} s ({s.Records.Total / seconds:N0} records/s)"));
        if (s.FailedBatches is { Count: > 0 })
        {
            console.MarkupLine(Invariant($"[red]{s.FailedBatches.Count} batch(es) failed[/]; their rows are marked error in the output"));
        }

        console.MarkupLine($"output  {Markup.Escape(outputPath)}");
        if (s.Records.Error > 0)
        {
            console.MarkupLine($"retry   [bold]enrichment retry {Markup.Escape(result.JobId)} --out <file>[/] re-runs the error records (same --data-dir)");
        }
    }

    private static void AddShare(Table table, string label, string colour, long count, long total) =>
        table.AddRow(
            $"[{colour}]{label}[/]",
            Invariant($"[{colour}]{count:N0}[/]"),
            total > 0 ? Percent((double)count / total) : "-");

    private static string StateColour(string state) => state switch
    {
        "completed" => "green",
        "completed_with_errors" => "yellow",
        _ => "red",
    };

    private static string Percent(double fraction) => Invariant($"{fraction * 100:0.0}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
