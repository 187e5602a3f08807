using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;

namespace Enrichment.Functions.Aggregate;

/// <summary>Step Functions task: streams the parts into the output (or, on the catch path, fails the job).</summary>
public sealed class AggregateFunction : ILambdaHandler<AggregateInput, AggregateOutput>
{
    private readonly AggregateService _aggregate;
    private readonly ILogSink _log;

    public AggregateFunction(AggregateService aggregate, ILogSink log)
    {
        _aggregate = aggregate;
        _log = log;
    }

    public async Task<AggregateOutput> HandleAsync(AggregateInput input, ILambdaContext context, CancellationToken cancellationToken)
    {
        var output = await _aggregate.AggregateAsync(input, cancellationToken);
        _log.Info($"job {output.JobId} aggregated: {output.Status}, {output.Records} records, {output.Duplicates} duplicates");
        return output;
    }
}
