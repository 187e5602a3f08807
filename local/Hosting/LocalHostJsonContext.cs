using System.Text.Json.Serialization;

namespace Enrichment.Local.Host.Hosting;

/// <summary>The JSON the local host reads or builds itself (its key file, the authorizer context).</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
internal sealed partial class LocalHostJsonContext : JsonSerializerContext;
