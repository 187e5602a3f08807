namespace Enrichment.FakePersonApi;

/// <summary>
/// One request the fake API received: path, arrival time, records in it, the fault it got, and the
/// emails it asked about (so a test can tell which records were sent, and how often).
/// </summary>
public sealed record FakeRequest(string Path, DateTimeOffset ReceivedAt, int Records, FakeFault Fault, IReadOnlyList<string> Emails)
{
    public FakeRequest(string path, DateTimeOffset receivedAt, int records, FakeFault fault)
        : this(path, receivedAt, records, fault, [])
    {
    }
}
