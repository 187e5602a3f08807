using System.Globalization;
using Enrichment.Core.Services;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// A progress bar redrawn in place on a terminal (records/s, batches, ETA); plain lines, at most
/// one every few seconds, when the output is a file or a pipe.
/// </summary>
public sealed class ProgressReporter(TextWriter output, TimeProvider time, bool interactive, bool quiet)
{
    private const int BarWidth = 28;
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly DateTimeOffset started = time.GetUtcNow();
    private DateTimeOffset lastPlain = DateTimeOffset.MinValue;
    private string? lastLine;
    private string? lastStatus;

    public void Report(JobStatusView status)
    {
        if (quiet)
        {
            return;
        }

        var now = time.GetUtcNow();
        var line = Describe(status, now - started);
        if (interactive)
        {
            output.Write("\r" + line.PadRight(Math.Max(lastLine?.Length ?? 0, line.Length)));
            lastLine = line;
            return;
        }

        if (now - lastPlain >= PlainInterval || status.Status != lastStatus)
        {
            output.WriteLine(line);
            lastPlain = now;
            lastStatus = status.Status;
        }
    }

    public void Finish()
    {
        if (interactive && !quiet && lastLine is not null)
        {
            output.WriteLine();
        }
    }

    public static string Describe(JobStatusView status, TimeSpan elapsed)
    {
        var fraction = Math.Clamp(status.Progress, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var rate = elapsed.TotalSeconds > 0 ? status.Records.Processed / elapsed.TotalSeconds : 0;
        var remaining = status.Records.Total - status.Records.Processed;
        var eta = rate > 0 && remaining > 0 ? TimeSpan.FromSeconds(remaining / rate) : (TimeSpan?)null;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,5:0.0}% " +
            $"{status.Records.Processed:N0}/{status.Records.Total:N0} records  {rate:N0} rec/s  " +
            $"batches {status.Batches.Done + status.Batches.Failed}/{status.Batches.Total}  " +
            $"{status.Status}  ETA {(eta is { } e ? e.ToString(@"m\:ss", CultureInfo.InvariantCulture) : "-")}");
    }
}
