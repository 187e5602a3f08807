namespace Enrichment.AwsBench;

/// <summary>Requests of one AWS operation through the proxy, with the bytes sent to moto and answered.</summary>
public sealed record OperationTotals(long Requests, long BytesIn, long BytesOut);
