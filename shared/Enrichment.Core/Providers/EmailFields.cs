using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Providers;

/// <summary>
/// The email columns that both <see cref="NormalizeProvider"/> and <see cref="EmailProvider"/> rely
/// on, written in one place so the two cannot disagree.
/// </summary>
public static class EmailFields
{
    /// <summary>Normalizes and validates the input email into the record (marking it invalid if so).</summary>
    public static EmailCheck Apply(ContactRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var check = EmailAddress.Check(record.Input.Email);
        record.Set(OutputColumns.EmailNormalized, check.Normalized);
        record.Set(OutputColumns.EmailValid, check.Valid switch
        {
            true => "true",
            false => "false",
            null => null,
        });
        if (check.Valid == false)
        {
            record.AddInvalid("email_invalid", check.Reason!);
        }

        return check;
    }

    /// <summary>The email as an earlier provider left it, or <see cref="Apply"/> when none did.</summary>
    public static EmailCheck Resolve(ContactRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Output.TryGetValue(OutputColumns.EmailNormalized, out var normalized))
        {
            return Apply(record);
        }

        if (normalized is null)
        {
            return EmailCheck.Absent;
        }

        return record.Get(OutputColumns.EmailValid) == "true"
            ? new EmailCheck(normalized, true, null, normalized.LastIndexOf('@'))
            : new EmailCheck(normalized, false, null, -1);
    }
}
