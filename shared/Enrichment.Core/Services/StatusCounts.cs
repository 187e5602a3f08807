namespace Enrichment.Core.Services;

/// <summary>Tallies record_status values; anything but ok or invalid counts as an error.</summary>
internal sealed class StatusCounts
{
    public long Total { get; private set; }
    public long Ok { get; private set; }
    public long Invalid { get; private set; }
    public long Error { get; private set; }

    public void Add(string? status)
    {
        Total++;
        switch (status)
        {
            case "ok": Ok++; break;
            case "invalid": Invalid++; break;
            default: Error++; break;
        }
    }
}
