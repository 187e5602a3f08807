namespace Enrichment.Core.Ports;

/// <summary>
/// What one <see cref="IBatchQueue.SendAsync"/> sent: the UTF-8 size of each message body as it went
/// on the queue, in the order of the messages given, so a caller that prices the sends
/// (<see cref="Costs.RequestUnits.SqsSendRequests"/>) need not serialize them again.
/// </summary>
public sealed record BatchesSent(IReadOnlyList<int> BodyBytes)
{
    public static BatchesSent None { get; } = new([]);
}
