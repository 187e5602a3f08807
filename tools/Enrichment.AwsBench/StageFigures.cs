namespace Enrichment.AwsBench;

/// <summary>One stage's measured figures (see <see cref="StageMeter"/>).</summary>
public sealed record StageFigures(
    string Stage,
    TimeSpan Wall,
    TimeSpan Cpu,
    double AllocatedMegabytes,
    double StartMegabytes,
    double PeakMegabytes,
    IReadOnlyDictionary<string, OperationTotals> Requests)
{
    public long TotalRequests => Requests.Values.Sum(r => r.Requests);
}
