using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Mx;
using Enrichment.Core.Workflow;

namespace Enrichment.Local.Host.Hosting;

/// <summary>How the one-machine host runs; every field has a default that works on a laptop.</summary>
public sealed record LocalSettings
{
    /// <summary>Where every piece of state lives (control table, queues, objects, executions).</summary>
    public string DataDirectory { get; init; } = Path.GetFullPath(".enrichment");

    /// <summary>Base of the signed object links the host serves.</summary>
    public Uri BaseUrl { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>Concurrent workers, like the event source mapping's maximum concurrency.</summary>
    public int Workers { get; init; } = Math.Max(2, Environment.ProcessorCount);

    public int BatchSize { get; init; } = 100;

    /// <summary>The default chain (names among the offered ones); null: normalize, email.</summary>
    public IReadOnlyList<string>? Providers { get; init; }

    /// <summary>The http providers this host offers besides the built-ins (from --provider-dir), by their names.</summary>
    public IReadOnlyList<HttpProviderDefinition> ProviderDefinitions { get; init; } = [];

    /// <summary>The mx provider's resolver and limits (the CLI fills it from --dns-server or ENRICHMENT_DNS_SERVER).</summary>
    public MxSettings Dns { get; init; } = new();

    /// <summary>How long a received batch stays invisible; after a crash it comes back after this.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxReceiveCount { get; init; } = 5;

    /// <summary>Caps the state machine's waits: locally a check costs nothing, so jobs finish promptly.</summary>
    public TimeSpan MaxPollerWait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest list POST /jobs takes inline (API Gateway's 6 MB by default); the page sends bigger ones through an upload link.</summary>
    public long MaxInlineBodyBytes { get; init; } = new Core.Configuration.EnrichmentOptions().MaxInlineBodyBytes;

    /// <summary>Checks one poller execution makes before it continues as a new one (as on AWS, where history is bounded).</summary>
    public int MaxPollsPerExecution { get; init; } = PollerLimits.MaxPollsPerExecution;

    public string LogLevel { get; init; } = "warn";

    /// <summary>Completion events: http and loopback callbacks allowed by default (receivers on this machine); private networks refused.</summary>
    public Core.Webhooks.WebhookOptions Webhooks { get; init; } = Core.Webhooks.WebhookOptions.Local;
}
