using System.Text.Encodings.Web;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Batching;

/// <summary>
/// Parts as the version before the second part format wrote them: one record's JSON a line, with the
/// relaxed encoder (non-ASCII, '+' and quotes as they are). A job in flight across a deploy has them.
/// </summary>
internal static class PreviousParts
{
    private static readonly JsonSerializerOptions Relaxed = new(EnrichmentJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Bytes(IEnumerable<PartRecord> records) =>
        [.. records.SelectMany(r => JsonSerializer.SerializeToUtf8Bytes(r, Relaxed).Append((byte)'\n'))];
}
