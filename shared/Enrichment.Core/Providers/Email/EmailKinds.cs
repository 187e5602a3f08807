namespace Enrichment.Core.Providers.Email;

/// <summary>Wire values of the email_kind column.</summary>
public static class EmailKinds
{
    public const string Business = "business";
    public const string Free = "free";
    public const string Disposable = "disposable";
    public const string Role = "role";
}
