using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;

namespace Enrichment.Functions.CheckCompletion;

/// <summary>Step Functions task: is every batch of the job finished, and how long to wait if not.</summary>
public sealed class CheckCompletionFunction : ILambdaHandler<CheckCompletionInput, CheckCompletionOutput>
{
    private readonly CompletionService _completion;

    public CheckCompletionFunction(CompletionService completion)
    {
        _completion = completion;
    }

    public Task<CheckCompletionOutput> HandleAsync(CheckCompletionInput input, ILambdaContext context, CancellationToken cancellationToken) =>
        _completion.CheckAsync(input, cancellationToken);
}
