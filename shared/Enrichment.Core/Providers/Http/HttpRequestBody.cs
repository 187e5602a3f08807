namespace Enrichment.Core.Providers.Http;

/// <summary>The JSON body of one call: one lookup's fields, or a bulk envelope of several with their positions as ids.</summary>
internal static class HttpRequestBody
{
    public static byte[] Build(List<HttpLookup> chunk, HttpBulkDefinition? bulk)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (bulk is null)
            {
                WriteLookup(writer, chunk[0], idField: null, index: 0);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteStartArray(bulk.RequestProperty);
                for (var i = 0; i < chunk.Count; i++)
                {
                    WriteLookup(writer, chunk[i], bulk.IdField, i);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return buffer.ToArray();
    }

    private static void WriteLookup(Utf8JsonWriter writer, HttpLookup lookup, string? idField, int index)
    {
        writer.WriteStartObject();
        if (idField is not null)
        {
            writer.WriteString(idField, index.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (apiField, value) in lookup.Request)
        {
            writer.WriteString(apiField, value);
        }

        writer.WriteEndObject();
    }
}
