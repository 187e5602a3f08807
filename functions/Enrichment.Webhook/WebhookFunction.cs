using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;

namespace Enrichment.Functions.Webhook;

/// <summary>
/// Step Functions task (Notify): tells the job's callback that the job ended, signed, with bounded
/// retries. Its outcome is stored on the job; it never changes the job's state.
/// </summary>
public sealed class WebhookFunction(WebhookService webhooks) : ILambdaHandler<NotifyInput, NotifyOutput>
{
    public async Task<NotifyOutput> HandleAsync(NotifyInput input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var delivery = await webhooks.NotifyAsync(input.JobId, cancellationToken);
        return new NotifyOutput(input.JobId, delivery?.Outcome ?? "none", delivery?.Attempts ?? 0);
    }
}
