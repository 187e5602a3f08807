using Spectre.Console;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// A job's progress while it runs: a live Spectre bar (rate, batches, time left) on an ANSI
/// terminal; plain lines, at most one every few seconds or on a change of state, anywhere else.
/// </summary>
public sealed class ProgressReporter(TextWriter output, TimeProvider time, TerminalProfile terminal, bool quiet)
{
    private const int BarWidth = 28;
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="work"/>, which reports each status it reads, under the display.</summary>
    public async Task<T> TrackAsync<T>(Func<Action<JobStatusView>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var started = time.GetUtcNow();
        if (quiet)
        {
            return await work(static _ => { });
        }

        if (!terminal.Ansi)
        {
            var plain = new PlainProgress(output, time, started);
            return await work(plain.Report);
        }

        return await terminal.CreateConsole(output).Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("[grey]waiting for the split[/]", maxValue: 1);
                var result = await work(status =>
                {
                    var figures = ProgressFigures.From(status, time.GetUtcNow() - started);
                    task.MaxValue = Math.Max(1, figures.Total);
                    task.Value = figures.Processed;
                    task.Description = Markup.Escape(figures.Counts);
                });
                task.StopTask();
                return result;
            });
    }

    /// <summary>The plain line: <c>[####....]  50.0% 1,000/2,000 records  900 rec/s  batches 10/20  processing  ETA 0:01</c>.</summary>
    public static string Describe(JobStatusView status, TimeSpan elapsed)
    {
        var figures = ProgressFigures.From(status, elapsed);
        var filled = (int)Math.Round(figures.Fraction * BarWidth);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {figures.Fraction * 100,5:0.0}% {figures.Counts}");
    }

    private sealed class PlainProgress(TextWriter output, TimeProvider time, DateTimeOffset started)
    {
        private DateTimeOffset _lastLine = DateTimeOffset.MinValue;
        private string? _lastStatus;

        public void Report(JobStatusView status)
        {
            var now = time.GetUtcNow();
            if (now - _lastLine >= PlainInterval || status.Status != _lastStatus)
            {
                output.WriteLine(Describe(status, now - started));
                _lastLine = now;
                _lastStatus = status.Status;
            }
        }
    }
}
