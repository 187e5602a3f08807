using System.CommandLine;
using Enrichment.Core.Webhooks;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// serve's completion-event options. The host chooses them, never a request: by default callbacks may
/// be http and on loopback (receivers on this machine); private networks are always refused.
/// </summary>
internal sealed class WebhookServeOptions
{
    private readonly Option<bool> _publicOnly = CliOptions.Flag("--webhooks-public-only", "send completion events only over https to public addresses, as on AWS");
    private readonly Option<int> _timeout = CliOptions.WholeNumber("--webhook-timeout", 10, 1, 60, "seconds one completion-event request may take");
    private readonly Option<int> _retryFor = CliOptions.WholeNumber("--webhook-retry-for", 240, 1, 3600, "seconds a completion event is retried for, at most");

    public IEnumerable<Option> All => [_publicOnly, _timeout, _retryFor];

    public WebhookOptions Read(ParseResult parsed)
    {
        var local = parsed.GetValue(_publicOnly) ? new WebhookOptions() : WebhookOptions.Local;
        return local with
        {
            AttemptTimeout = TimeSpan.FromSeconds(parsed.GetValue(_timeout)),
            TotalTime = TimeSpan.FromSeconds(parsed.GetValue(_retryFor)),
        };
    }
}
