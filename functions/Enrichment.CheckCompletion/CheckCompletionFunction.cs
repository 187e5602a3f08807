using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;

namespace Enrichment.Functions.CheckCompletion;

/// <summary>Step Functions task: is every batch of the job finished, and how long to wait if not.</summary>
public sealed class CheckCompletionFunction(CompletionService completion) : ILambdaHandler<CheckCompletionInput, CheckCompletionOutput>
{
    public Task<CheckCompletionOutput> HandleAsync(CheckCompletionInput input, ILambdaContext context, CancellationToken cancellationToken) =>
        completion.CheckAsync(input, cancellationToken);
}
