using System.Globalization;
using System.Text;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>A deterministic CSV contact list with unique emails (row i always gives the same values).</summary>
internal static class ContactListGenerator
{
    public static readonly string[] Columns = ["email", "first_name", "last_name", "phone", "company", "country"];

    private static readonly string[] FirstNames = ["ann", "BOB", "Chloé", "dmitri", "Eve", "José", "yuki", "Zoë"];
    private static readonly string[] LastNames = ["smith", "O'BRIEN", "García", "müller", "Tanaka", "van der berg"];
    private static readonly string[] Companies = ["Acme Corp", "Globex", "Initech Ltd", "Umbrella GmbH", "Hooli"];
    private static readonly string[] Countries = ["US", "usa", "Germany", "fr", "Japan", "United Kingdom"];

    public static string[] Row(int i) =>
    [
        $"Person.{i.ToString("D5", CultureInfo.InvariantCulture)}@Example{i % 7}.com",
        FirstNames[i % FirstNames.Length],
        LastNames[i % LastNames.Length],
        $"(415) 555-{(i % 10_000).ToString("D4", CultureInfo.InvariantCulture)}",
        Companies[i % Companies.Length],
        Countries[i % Countries.Length],
    ];

    public static string Csv(int count)
    {
        var text = new StringBuilder(count * 100);
        text.Append(string.Join(',', Columns)).Append('\n');
        for (var i = 0; i < count; i++)
        {
            text.Append(string.Join(',', Row(i))).Append('\n');
        }

        return text.ToString();
    }
}
