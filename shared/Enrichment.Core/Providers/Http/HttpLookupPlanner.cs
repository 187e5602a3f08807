using System.Buffers;
using System.Security.Cryptography;

namespace Enrichment.Core.Providers.Http;

/// <summary>
/// Decides, before any call, what a batch asks one provider: which records are skipped (every
/// column filled by an earlier provider), which have nothing to send, and the distinct lookups of
/// the rest, keyed so that identical questions are asked once.
/// </summary>
internal sealed class HttpLookupPlanner(string provider, List<string> columns, List<(string ApiField, ContactField Field)> requestFields, string skippedCounter)
{
    /// <summary>An empty value counts as not filled: an earlier provider may have left the column blank.</summary>
    public static bool IsFilled(ContactRecord record, string column) => !string.IsNullOrEmpty(record.Get(column));

    /// <summary>
    /// The distinct lookups of the batch, in record order. Records with every column of this
    /// provider already filled are skipped; records with nothing to send are left alone.
    /// </summary>
    public List<HttpLookup> Plan(IReadOnlyList<ContactRecord> records, ProviderUsage usage, HashSet<ContactRecord> finished)
    {
        var lookups = new List<HttpLookup>();
        var byKey = new Dictionary<string, HttpLookup>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (columns.TrueForAll(column => IsFilled(record, column)))
            {
                usage.Add(skippedCounter);
                finished.Add(record);
                continue;
            }

            var request = RequestOf(record, out var email);
            if (request.Count == 0)
            {
                finished.Add(record);
                continue;
            }

            var lookupKey = KeyOf(request, email);
            if (!byKey.TryGetValue(lookupKey, out var lookup))
            {
                lookup = new HttpLookup(lookupKey, request);
                byKey.Add(lookupKey, lookup);
                lookups.Add(lookup);
            }

            lookup.Records.Add(record);
        }

        return lookups;
    }

    /// <summary>
    /// The values sent for a record: trimmed, empty ones left out; the email normalized, and left
    /// out when invalid. <paramref name="email"/> is the valid normalized email when one is sent.
    /// </summary>
    private List<(string ApiField, string Value)> RequestOf(ContactRecord record, out string? email)
    {
        email = null;
        var request = new List<(string ApiField, string Value)>(requestFields.Count);
        foreach (var (apiField, field) in requestFields)
        {
            if (field == ContactField.Email)
            {
                var check = EmailFields.Resolve(record);
                if (check.Valid == true)
                {
                    email = check.Normalized!;
                    request.Add((apiField, email));
                }
            }
            else if (ValueOf(record.Input, field) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                request.Add((apiField, value.Trim()));
            }
        }

        return request;
    }

    /// <summary>
    /// Lowercase hex SHA-256 of the provider name and the canonical request: the normalized email
    /// when one is sent (identical emails are one lookup, whatever else the records hold), else
    /// every sent field in definition order. JSON arrays keep the parts unambiguous.
    /// </summary>
    private string KeyOf(List<(string ApiField, string Value)> request, string? email)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(provider);
            if (email is not null)
            {
                writer.WriteStringValue("email");
                writer.WriteStringValue(email);
            }
            else
            {
                writer.WriteStringValue("fields");
                foreach (var (apiField, value) in request)
                {
                    writer.WriteStringValue(apiField);
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static string? ValueOf(ContactFields input, ContactField field) => field switch
    {
        ContactField.Email => input.Email,
        ContactField.Phone => input.Phone,
        ContactField.FirstName => input.FirstName,
        ContactField.LastName => input.LastName,
        ContactField.FullName => input.FullName,
        ContactField.Company => input.Company,
        ContactField.Website => input.Website,
        ContactField.Country => input.Country,
        ContactField.JobTitle => input.JobTitle,
        ContactField.City => input.City,
        _ => null,
    };
}
