namespace Enrichment.Core.Services;

/// <summary>A list kept in the object store, with its size: the validation pass may read it in two halves at once.</summary>
internal sealed record StoredList(IObjectStore Store, string Key, long Size);
