namespace Enrichment.Core.Jobs;

/// <summary>
/// Where a job's completion event goes and the key it is signed with, fixed when the job is made.
/// </summary>
/// <param name="Url">The caller's callbackUrl, checked when the job was made and again, after DNS, at each connection.</param>
/// <param name="Secret">The signing secret (<c>whsec_</c> and base64). Never logged, never answered after the 202.</param>
/// <param name="StatusUrl">The job's status URL as the 202 gave it; the event carries it.</param>
public sealed record WebhookTarget(string Url, string Secret, string StatusUrl)
{
    /// <summary>A record's generated ToString would print the secret into any log that shows a job.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Url = ").Append(Url).Append(", StatusUrl = ").Append(StatusUrl);
        return true;
    }
}
