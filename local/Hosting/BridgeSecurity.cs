namespace Enrichment.Local.Host.Hosting;

/// <summary>What the local host checks before a request reaches the API handler.</summary>
/// <param name="Hosts">The Host values it answers to.</param>
/// <param name="Keys">The API keys, or null in single-user mode (every request is the caller <see cref="LocalCaller"/>).</param>
/// <param name="Bodies">The bound on request bodies held in memory at once.</param>
public sealed record BridgeSecurity(HostGuard Hosts, ApiKeys? Keys, BodyBudget Bodies)
{
    /// <summary>The one caller of a host started without API keys (loopback only).</summary>
    public const string LocalCaller = "local";

    /// <summary>The default bound on request bodies in memory at once: six full-size lists.</summary>
    public const long DefaultBodyBudget = 64L * 1024 * 1024;

    public static BridgeSecurity SingleUser(Uri baseUrl) => new(new HostGuard(baseUrl, null), null, new BodyBudget(DefaultBodyBudget));
}
