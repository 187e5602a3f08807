using System.Diagnostics.CodeAnalysis;
using DnsClient;
using Polly;
using Polly.CircuitBreaker;

namespace Enrichment.Core.Providers.Mx;

/// <summary>
/// Looks mail domains up through DnsClient: MX first, then A and AAAA when there is no MX (RFC 5321
/// 5.1). Each lookup has its own time limit, at most <see cref="MxSettings.MaxInFlight"/> run at
/// once (the others queue), and a circuit breaker opens after a run of unavailable answers, so that a resolver that is
/// down costs one round of timeouts, not one per domain: while it is open, lookups answer
/// <see cref="MxOutcome.DnsUnavailable"/> at once.
/// </summary>
public sealed class MxResolver
{
    /// <summary>Lookups waiting for one of the in-flight places; more than this (never in practice) answer unavailable.</summary>
    private const int QueueLimit = 100_000;

    private static readonly QueryType[] AddressTypes = [QueryType.A, QueryType.AAAA];

    private readonly LookupClient _client;
    private readonly ResiliencePipeline<MxOutcome> _pipeline;

    public MxResolver(MxSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var options = settings.Server is { } server ? new LookupClientOptions(server) : new LookupClientOptions();
        options.UseCache = false;
        options.Timeout = settings.Timeout;
        options.Retries = 0;
        options.ThrowDnsErrors = false;
        options.UseTcpFallback = true;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        _client = new LookupClient(options);
        _pipeline = BuildPipeline(settings, time);
    }

    // Native AOT's analysis reports IL3050 (Enum.GetValues(Type)) at this builder when the result type
    // is an enum; neither our code nor the net10.0 Polly assemblies call that method directly. A Native
    // AOT build of this same pipeline was run (built, breaker opened, broken circuit answered) and
    // worked, so the warning is suppressed on this one method rather than for the whole build.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Polly builder over an enum result; run under Native AOT.")]
    private static ResiliencePipeline<MxOutcome> BuildPipeline(MxSettings settings, TimeProvider time) =>
        new ResiliencePipelineBuilder<MxOutcome> { TimeProvider = time }
            .AddConcurrencyLimiter(settings.MaxInFlight, QueueLimit)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<MxOutcome>
            {
                FailureRatio = 0.5,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = settings.BreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result == MxOutcome.DnsUnavailable || args.Outcome.Exception is not null),
            })
            .AddTimeout(settings.Timeout * 3)
            .Build();

    public async Task<MxOutcome> LookupAsync(string domain, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(static async (state, token) => await state.Self.QueryAsync(state.Domain, token), (Self: this, Domain: domain), cancellationToken);
        }
        catch (BrokenCircuitException)
        {
            return MxOutcome.DnsUnavailable;
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return MxOutcome.DnsUnavailable;
        }
        catch (Polly.RateLimiting.RateLimiterRejectedException)
        {
            return MxOutcome.DnsUnavailable;
        }
    }

    private async Task<MxOutcome> QueryAsync(string domain, CancellationToken cancellationToken)
    {
        try
        {
            var mx = await _client.QueryAsync(domain, QueryType.MX, QueryClass.IN, cancellationToken);
            switch (Classify(mx))
            {
                case { } known:
                    return known;
            }

            var records = mx.Answers.MxRecords().ToList();
            if (records.Count == 1 && IsRoot(records[0].Exchange))
            {
                return MxOutcome.NullMx;
            }

            if (records.Count > 0)
            {
                return MxOutcome.MxFound;
            }

            foreach (var type in AddressTypes)
            {
                var address = await _client.QueryAsync(domain, type, QueryClass.IN, cancellationToken);
                if (Classify(address) is { } failed)
                {
                    return failed;
                }

                if (address.Answers.Count > 0)
                {
                    return MxOutcome.ImplicitMx;
                }
            }

            return MxOutcome.NoMx;
        }
        catch (DnsResponseException)
        {
            // Timeouts and transport failures: nothing is known about the domain.
            return MxOutcome.DnsUnavailable;
        }
    }

    /// <summary>A response's code as an outcome, or null when it answered (NOERROR).</summary>
    private static MxOutcome? Classify(IDnsQueryResponse response) => response.Header.ResponseCode switch
    {
        DnsHeaderResponseCode.NoError => null,
        DnsHeaderResponseCode.NotExistentDomain => MxOutcome.DomainNotFound,
        _ => MxOutcome.DnsUnavailable,
    };

    private static bool IsRoot(DnsString exchange) => exchange.Value is "." or "";
}
