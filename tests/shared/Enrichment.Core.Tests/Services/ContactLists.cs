using System.Globalization;
using System.Text;

namespace Enrichment.Core.Tests.Services;

/// <summary>Small contact lists for service tests.</summary>
internal static class ContactLists
{
    public const string Header = "email,first name,last name,phone,country,company,notes";

    /// <summary>A CSV of <paramref name="count"/> distinct, valid US contacts, rows numbered in the notes column.</summary>
    public static string Csv(int count, Func<int, string>? email = null)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 1; i <= count; i++)
        {
            var address = email?.Invoke(i) ?? $"person{i}@acme.com";
            text.Append(CultureInfo.InvariantCulture, $"{address},ann,smith,+1 415 555 {(i % 10000):D4},US,Acme,row {i}\n");
        }

        return text.ToString();
    }

    /// <summary>The same contacts as <see cref="Csv"/>, as JSON Lines (a format whose batches carry their rows).</summary>
    public static string JsonLines(int count)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"email\":\"person{i}@acme.com\",\"first name\":\"ann\",\"last name\":\"smith\",\"phone\":\"+1 415 555 {(i % 10000):D4}\",\"country\":\"US\",\"company\":\"Acme\",\"notes\":\"row {i}\"}}\n");
        }

        return text.ToString();
    }

    /// <summary>The data lines of a CSV output (header excluded).</summary>
    public static string[] DataLines(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Skip(1).ToArray();

    public static string[] HeaderOf(string csv) =>
        csv.Split('\n', 2)[0].TrimEnd('\r').Split(',');
}
