using System.CommandLine;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// The options several commands share, and whole numbers checked against their range while parsing,
/// so a bad value is one error line naming the option and what it takes, before anything starts.
/// </summary>
public static class CliOptions
{
    public static int DefaultWorkers => Math.Max(2, Environment.ProcessorCount);

    public static Option<int> WholeNumber(string name, int fallback, int min, int max, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (text is null)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'");
            return fallback;
        },
    };

    public static Option<string?> Text(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
    };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "where jobs, queues and files are kept",
        HelpName = "dir",
        DefaultValueFactory = _ => ".enrichment",
    };

    public static Option<int> Workers() => WholeNumber("--workers", DefaultWorkers, 1, 64, "records are enriched by this many workers at once (default: the cores, at least 2)");

    public static Option<int> BatchSize(int defaultValue = 100) => WholeNumber("--batch-size", defaultValue, 1, 10_000, "records per batch, the unit of work and of retry");

    public static Option<string?> ProviderDirectory() => Text("--provider-dir", "dir", "offers the http providers defined by dir/*.json, by their \"name\"");

    public static Option<string?> Providers() => Text("--providers", "a,b", "the provider chain, among the offered names (default: normalize,email)");

    public static Option<string?> DnsServer() => Text("--dns-server", "ip[:port]", "the mx provider's resolver (else ENRICHMENT_DNS_SERVER, else the machine's own)");

    public static Option<string?> CorsOrigins() => Text("--cors-origins", "origin,origin", "browser origins (https://app.example.com) allowed to call the API from another site; off by default");

    public static Option<bool> Quiet() => Flag("--quiet", "no progress bar; the summary is still printed");
}
