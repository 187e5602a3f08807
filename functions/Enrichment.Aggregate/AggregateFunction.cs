using Enrichment.Core.Logging;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;
using Microsoft.Extensions.Logging;

namespace Enrichment.Functions.Aggregate;

/// <summary>Step Functions task: streams the parts into the output (or, on the catch path, fails the job).</summary>
public sealed class AggregateFunction : ILambdaHandler<AggregateInput, AggregateOutput>
{
    private readonly AggregateService _aggregate;
    private readonly ILogger _log;

    public AggregateFunction(AggregateService aggregate, ILogger log)
    {
        _aggregate = aggregate;
        _log = log;
    }

    public async Task<AggregateOutput> HandleAsync(AggregateInput input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var jobScope = _log.BeginJobScope(input.JobId);
        var output = await _aggregate.AggregateAsync(input, cancellationToken);
        _log.LogInformation("job {JobId} aggregated: {Status}, {Records} records, {Duplicates} duplicates", output.JobId, output.Status, output.Records, output.Duplicates);
        return output;
    }
}
