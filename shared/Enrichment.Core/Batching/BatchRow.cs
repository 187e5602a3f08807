using System.Text.Json.Serialization;

namespace Enrichment.Core.Batching;

/// <summary>A record inside a batch: its input row number and its values aligned with the job's columns.</summary>
[JsonConverter(typeof(BatchRowJsonConverter))]
public sealed record BatchRow(long Row, string?[] Values);
