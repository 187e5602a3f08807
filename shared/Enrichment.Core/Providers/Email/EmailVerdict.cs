namespace Enrichment.Core.Providers.Email;

/// <summary>The email_status and email_reason of one address.</summary>
public readonly record struct EmailVerdict(string Status, string Reason)
{
    public static EmailVerdict InvalidSyntax => new(EmailStatuses.Undeliverable, EmailReasons.InvalidSyntax);

    /// <summary>
    /// The offline verdict of a syntactically valid address. Precedence: disposable, role, typo,
    /// then a top provider (deliverable) or nothing known (unknown).
    /// </summary>
    public static EmailVerdict Offline(string kind, bool hasSuggestion, bool knownProvider) => kind switch
    {
        EmailKinds.Disposable => new(EmailStatuses.Risky, EmailReasons.Disposable),
        EmailKinds.Role => new(EmailStatuses.Risky, EmailReasons.Role),
        _ when hasSuggestion => new(EmailStatuses.Risky, EmailReasons.PossibleTypo),
        _ when knownProvider => new(EmailStatuses.Deliverable, EmailReasons.KnownProvider),
        _ => new(EmailStatuses.Unknown, EmailReasons.Unverified),
    };
}
