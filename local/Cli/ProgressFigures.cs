namespace Enrichment.Local.Host.Cli;

/// <summary>What a progress display shows of a job: the plain line and the live bar read the same figures.</summary>
public sealed record ProgressFigures(double Fraction, long Processed, long Total, double Rate, TimeSpan? Eta, int BatchesFinished, int Batches, string Status)
{
    public static ProgressFigures From(JobStatusView status, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(status);
        var rate = elapsed.TotalSeconds > 0 ? status.Records.Processed / elapsed.TotalSeconds : 0;
        var remaining = status.Records.Total - status.Records.Processed;
        var eta = rate > 0 && remaining > 0 ? TimeSpan.FromSeconds(remaining / rate) : (TimeSpan?)null;
        return new ProgressFigures(
            Math.Clamp(status.Progress, 0, 1),
            status.Records.Processed,
            status.Records.Total,
            rate,
            eta,
            status.Batches.Done + status.Batches.Failed,
            status.Batches.Total,
            status.Status);
    }

    public string EtaText => Eta is { } e ? e.ToString(e.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "-";

    /// <summary>Records, rate, batches, state and time left, without the bar.</summary>
    public string Counts => string.Create(CultureInfo.InvariantCulture,
        $"{Processed:N0}/{Total:N0} records  {Rate:N0} rec/s  batches {BatchesFinished}/{Batches}  {Status}  ETA {EtaText}");
}
