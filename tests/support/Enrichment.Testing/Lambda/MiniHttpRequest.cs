namespace Enrichment.Testing.Lambda;

/// <summary>One HTTP/1.1 request as <see cref="MiniHttpConnection"/> read it.</summary>
internal sealed record MiniHttpRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
