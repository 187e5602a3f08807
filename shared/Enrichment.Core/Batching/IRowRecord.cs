namespace Enrichment.Core.Batching;

/// <summary>
/// A record that crosses the wire as <c>{"row":n,"values":[...],"enrichment":[...]}</c> (see
/// <see cref="RowJson"/>), so that one converter, <see cref="RowRecordJsonConverter{T}"/>, serves
/// every such type.
/// </summary>
public interface IRowRecord<TSelf>
    where TSelf : IRowRecord<TSelf>
{
    long Row { get; }

    string?[] Values { get; }

    /// <summary>The enrichment values; null for a record that has none yet (a batch row).</summary>
    string?[]? Enrichment { get; }

    /// <summary>The record as read: <paramref name="values"/> and <paramref name="enrichment"/> as they stood in the JSON.</summary>
    static abstract TSelf Create(long row, string?[] values, string?[]? enrichment);
}
