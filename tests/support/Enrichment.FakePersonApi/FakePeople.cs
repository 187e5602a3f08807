using System.Security.Cryptography;
using System.Text;

namespace Enrichment.FakePersonApi;

/// <summary>Deterministic answers: the same email always gives the same person, derived from its hash.</summary>
public static class FakePeople
{
    private static readonly string[] Titles =
        ["Software Engineer", "Head of Sales", "Marketing Manager", "CFO", "Data Analyst", "Product Owner", "Recruiter", "CTO"];

    private static readonly string[] Companies =
        ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Vandelay"];

    /// <summary>A person for an email, or null (no match) when the text is not an email.</summary>
    public static FakePerson? Find(string? email)
    {
        var normalized = email?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(normalized) || !normalized.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return new FakePerson(
            Titles[hash[0] % Titles.Length],
            Companies[hash[1] % Companies.Length],
            Math.Round(0.5 + (hash[2] % 50 / 100.0), 2));
    }
}
