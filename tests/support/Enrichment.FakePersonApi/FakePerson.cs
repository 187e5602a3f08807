namespace Enrichment.FakePersonApi;

/// <summary>What the fake API knows about one email.</summary>
public sealed record FakePerson(string Title, string Company, double Confidence);
