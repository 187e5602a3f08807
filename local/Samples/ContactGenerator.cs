namespace Enrichment.Local.Host.Samples;

/// <summary>
/// Writes a realistic, messy contact list: names in every casing, countries as names, codes and
/// aliases, phones national and international, some broken emails and phones, duplicates, role
/// and free-mail addresses, quoted commas, non-Latin names. Same seed, same file.
/// </summary>
public sealed class ContactGenerator(int seed)
{
    private static readonly string[] FirstNames =
    [
        "james", "MARY", "John", "patricia", "Robert", "JENNIFER", "michael", "Linda", "william", "ELIZABETH",
        "Seán", "mary-jane", "o'neil", "José", "François", "Zoë", "Björn", "Ana María", "Priya", "Rahul",
        "Hiroshi", "Yuki", "Wei", "Mei", "Olga", "Dmitri", "Aisha", "Mohammed", "Chloé", "Lars",
        "山田", "李", "Анна", "محمد", "Thabo", "Lerato", "João", "Giulia", "Matteo", "Siobhan",
    ];

    private static readonly string[] LastNames =
    [
        "smith", "JOHNSON", "Williams", "o'brien", "MCDONALD", "macleod", "van der berg", "DE LA CRUZ", "García", "müller",
        "Schmidt", "Dubois", "Rossi", "Kowalski", "Nakamura", "Tanaka", "Chen", "Wang", "Kumar", "Sharma",
        "Ivanova", "Petrov", "Nkosi", "Dlamini", "Silva", "Santos", "Jensen", "Nielsen", "O'Connor", "Fitzgerald",
        "太郎", "小明", "Смирнова", "العلي", "von Trapp", "d'Angelo", "Smith-Jones", "MacDonald", "Ng", "Li",
    ];

    private static readonly (string Domain, string Company)[] Companies =
    [
        ("acme.com", "Acme Corp"), ("globex.io", "Globex, Inc."), ("initech.co.uk", "Initech Ltd"), ("umbrella.de", "Umbrella GmbH"),
        ("hooli.com", "Hooli"), ("piedpiper.ai", "Pied Piper"), ("stark-industries.com", "Stark Industries"), ("wayne.enterprises", "Wayne Enterprises"),
        ("tyrell.co", "Tyrell \"Replicant\" Corp"), ("soylent.fr", "Soylent SA"), ("wonka.ch", "Wonka AG"), ("cyberdyne.jp", "Cyberdyne K.K."),
        ("aperture.com.au", "Aperture Science Pty"), ("blackmesa.org", "Black Mesa"), ("oscorp.in", "Oscorp India Pvt Ltd"), ("massive.com.br", "Massive Dynamic Ltda"),
    ];

    private static readonly string[] FreeDomains = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "gmx.de", "icloud.com", "web.de", "yandex.ru"];

    private static readonly string[] Roles = ["info", "sales", "support", "admin", "contact", "hello"];

    // (country as written, dialling code, national number pattern): # is a digit.
    private static readonly (string[] Spellings, string Code, string National, string Mobile)[] Countries =
    [
        (["US", "USA", "United States", "united states of america", "U.S."], "1", "(415) 555-0###", "415-555-01##"),
        (["GB", "UK", "United Kingdom", "England", "great britain"], "44", "020 7946 0###", "07700 900###"),
        (["DE", "Germany", "Deutschland", "DEU"], "49", "030 123456##", "01512 3456###"),
        (["FR", "France", "FRA"], "33", "01 23 45 67 ##", "06 12 34 56 ##"),
        (["IN", "India", "IND"], "91", "011 2345 6###", "98765 43###"),
        (["BR", "Brazil", "Brasil"], "55", "(11) 3456-7###", "(11) 98765-4###"),
        (["JP", "Japan", "JPN"], "81", "03-1234-5###", "090-1234-5###"),
        (["AU", "Australia", "AUS"], "61", "(02) 9876 5###", "0412 345 ###"),
        (["ZA", "South Africa", "RSA"], "27", "021 123 4###", "082 123 4###"),
        (["CA", "Canada"], "1", "(604) 555-0###", "604-555-01##"),
        (["NL", "Netherlands", "Holland"], "31", "020 123 4###", "06 1234 5###"),
        (["ES", "Spain", "España"], "34", "91 123 4###", "612 34 5###"),
    ];

    private readonly Random _random = new(seed);

    public static IReadOnlyList<string> Header { get; } =
        ["Contact ID", "First Name", "Last Name", "E-mail Address", "Mobile Phone", "Company", "Website", "Country", "Job Title", "Notes"];

    public async Task WriteCsvAsync(TextWriter writer, int count, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(string.Join(',', Header));
        var line = new StringBuilder(256);
        var emails = new List<string>(capacity: 64);
        for (var i = 1; i <= count; i++)
        {
            line.Clear();
            var fields = Next(i, emails);
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0)
                {
                    line.Append(',');
                }

                AppendCsv(line, fields[f]);
            }

            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    private string[] Next(int id, List<string> recentEmails)
    {
        var first = Pick(FirstNames);
        var last = Pick(LastNames);
        var country = Countries[_random.Next(Countries.Length)];
        var (domain, company) = Pick(Companies);
        var email = MakeEmail(first, last, domain, recentEmails);
        var phone = MakePhone(country.Code, country.National, country.Mobile);
        var spelling = Pick(country.Spellings);
        var website = _random.Next(4) switch
        {
            0 => $"https://www.{domain}/",
            1 => $"www.{domain}",
            2 => string.Empty,
            _ => domain,
        };
        var notes = _random.Next(10) switch
        {
            0 => "met at conference, follows up in Q3",
            1 => "=HYPERLINK(\"http://example.invalid\")",
            2 => "line one\nline two",
            _ => string.Empty,
        };
        return
        [
            id.ToString(CultureInfo.InvariantCulture),
            Pad(first),
            Pad(last),
            email,
            phone,
            company,
            website,
            spelling,
            Pick(["CEO", "VP Sales", "Engineer", "marketing manager", "", "Head of Data"]),
            notes,
        ];
    }

    private string MakeEmail(string first, string last, string domain, List<string> recent)
    {
        var roll = _random.Next(100);
        if (roll < 4 && recent.Count > 0)
        {
            // A duplicate, differently cased and padded, as lists merged from two CRMs have.
            return "  " + recent[_random.Next(recent.Count)].ToUpperInvariant() + " ";
        }

        var local = Ascii(first) + "." + Ascii(last);
        var email = roll switch
        {
            < 8 => local + "@" + domain.Replace(".", string.Empty, StringComparison.Ordinal),
            < 11 => local + "@@" + domain,
            < 13 => string.Empty,
            < 18 => Pick(Roles) + "@" + domain,
            < 35 => local + _random.Next(100).ToString(CultureInfo.InvariantCulture) + "@" + Pick(FreeDomains),
            < 37 => local + "@mailinator.com",
            _ => local + "@" + domain,
        };
        if (email.Contains('@', StringComparison.Ordinal))
        {
            recent.Add(email);
            if (recent.Count > 50)
            {
                recent.RemoveAt(0);
            }
        }

        return _random.Next(5) == 0 ? email.ToUpperInvariant() : email;
    }

    private string MakePhone(string code, string national, string mobile)
    {
        var roll = _random.Next(100);
        var pattern = _random.Next(2) == 0 ? national : mobile;
        var digits = Fill(pattern);
        return roll switch
        {
            < 5 => string.Empty,
            < 9 => "12345",
            < 40 => "+" + code + " " + (code == "1" ? digits : digits.TrimStart('0')),
            _ => digits,
        };
    }

    private string Fill(string pattern)
    {
        var builder = new StringBuilder(pattern.Length);
        foreach (var c in pattern)
        {
            builder.Append(c == '#' ? (char)('0' + _random.Next(10)) : c);
        }

        return builder.ToString();
    }

    private string Pad(string value) => _random.Next(8) switch
    {
        0 => "  " + value,
        1 => value + "   ",
        _ => value,
    };

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static string Ascii(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.Length > 0 ? builder.ToString() : "user";
    }

    private static void AppendCsv(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
