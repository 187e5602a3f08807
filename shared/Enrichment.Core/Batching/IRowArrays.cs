namespace Enrichment.Core.Batching;

/// <summary>
/// Where <see cref="RowJson.ReadRecord{TArrays}(ref Utf8JsonReader, ref TArrays)"/> puts a row's two
/// string arrays; each read starts on the array's first token and answers its length, or -1 for null.
/// </summary>
internal interface IRowArrays
{
    int ReadValues(ref Utf8JsonReader reader);

    int ReadEnrichment(ref Utf8JsonReader reader);
}
