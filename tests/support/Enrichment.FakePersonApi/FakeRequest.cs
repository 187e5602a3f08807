namespace Enrichment.FakePersonApi;

/// <summary>One request the fake API received: path, arrival time, records in it and the fault it got.</summary>
public sealed record FakeRequest(string Path, DateTimeOffset ReceivedAt, int Records, FakeFault Fault);
