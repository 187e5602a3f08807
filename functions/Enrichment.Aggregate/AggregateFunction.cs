using Enrichment.Core.Logging;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;
using Microsoft.Extensions.Logging;

namespace Enrichment.Functions.Aggregate;

/// <summary>Step Functions task: streams the parts into the output (or, on the catch path, fails the job).</summary>
public sealed class AggregateFunction(AggregateService aggregate, ILogger log) : ILambdaHandler<AggregateInput, AggregateOutput>
{
    public async Task<AggregateOutput> HandleAsync(AggregateInput input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var jobScope = log.BeginJobScope(input.JobId);
        var output = await aggregate.AggregateAsync(input, cancellationToken);
        log.LogInformation("job {JobId} aggregated: {Status}, {Records} records, {Duplicates} duplicates", output.JobId, output.Status, output.Records, output.Duplicates);
        return output;
    }
}
