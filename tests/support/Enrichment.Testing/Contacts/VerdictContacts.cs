namespace Enrichment.Testing.Contacts;

/// <summary>
/// A small list whose every row exercises issue 14's columns, and the values each row must get
/// through <c>normalize,email,mx</c> with <see cref="Dns.Dnsmasq"/> as the resolver. The entry points'
/// tests (enrich, serve, the functions) run it, so each shows the same columns arriving.
/// </summary>
public static class VerdictContacts
{
    public const string Csv =
        "Name,Email,Phone,Country,Company\n" +
        "Dr. Bob Smith Jr.,Bob.Smith@mx.example.com,+49 151 12345678,DE,ACME GmbH\n" +
        "\"Lee, Ann\",ann@missing.example.com,+1 650 253 0000,US,\"Acme, Inc.\"\n" +
        "Ann Lee,ann@nullmx.example.com,(650) 253-0000,US,Acme Ltd.\n" +
        "John Doe,John.Doe+news@googlemail.com,,,\n" +
        "Johnny Doe,johndoe@gmail.com,,,\n" +
        "Jane Roe,info@aonly.example.com,,,\n" +
        "Jane Roe,jane@gmial.com,,,\n" +
        "Mrs Mary O'Brien PhD,mary@aaaaonly.example.com,,,\n";

    /// <summary>Per row (in input order): column → value ("" for an empty cell).</summary>
    public static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> Expected =
    [
        Row(("email_status", "deliverable"), ("email_reason", "mx_found"), ("email_canonical", "bob.smith@mx.example.com"),
            ("company_domain", "example.com"), ("company_name_normalized", "Acme"),
            ("phone_e164", "+4915112345678"), ("phone_carrier", "T-Mobile"), ("phone_region", "Germany"), ("phone_timezone", "Europe/Berlin"),
            ("first_name_normalized", "Bob"), ("last_name_normalized", "Smith"), ("name_prefix", "Dr."), ("name_suffix", "Jr."),
            ("first_name_formal", "Robert"), ("duplicate_of", ""), ("duplicate_phone_of", "")),
        Row(("email_status", "undeliverable"), ("email_reason", "domain_not_found"), ("company_name_normalized", "Acme"),
            ("phone_e164", "+16502530000"), ("phone_region", "Mountain View, CA"), ("phone_timezone", "America/Los_Angeles"),
            ("first_name_normalized", "Ann"), ("last_name_normalized", "Lee"), ("duplicate_phone_of", "")),
        Row(("email_status", "undeliverable"), ("email_reason", "null_mx"), ("company_name_normalized", "Acme"),
            ("phone_e164", "+16502530000"), ("duplicate_phone_of", "2")),
        Row(("email_canonical", "johndoe@gmail.com"), ("email_status", "deliverable"), ("duplicate_of", ""), ("company_domain", "")),
        Row(("email_canonical", "johndoe@gmail.com"), ("duplicate_of", "4"), ("first_name_formal", "John")),
        Row(("email_status", "risky"), ("email_reason", "role"), ("company_domain", "example.com")),
        Row(("email_status", "undeliverable"), ("email_reason", "domain_not_found"), ("email_suggestion", "jane@gmail.com")),
        Row(("email_status", "deliverable"), ("email_reason", "implicit_mx"), ("name_prefix", "Mrs."), ("name_suffix", "PhD"),
            ("first_name_normalized", "Mary"), ("last_name_normalized", "O'Brien")),
    ];

    /// <summary>
    /// What an output of <see cref="Csv"/> gets wrong, one line per cell ("row 3, email_reason: 'null_mx'
    /// expected, got 'no_mx'"); empty when every expected value is there.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(IReadOnlyList<string> columns, IReadOnlyList<string?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count != Expected.Count)
        {
            return [$"{rows.Count} rows, not {Expected.Count}"];
        }

        var index = columns.Select((name, i) => (name, i)).GroupBy(c => c.name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return [.. rows.SelectMany((row, i) => Mismatches(i, column => index.TryGetValue(column, out var at) && at < row.Length ? row[at] : null, column => index.ContainsKey(column)))];
    }

    /// <summary>What one answer for the first contact of <see cref="Csv"/> gets wrong (POST /enrich); <paramref name="field"/> gives null for an absent or empty value.</summary>
    public static IReadOnlyList<string> MismatchesOfFirst(Func<string, string?> field) => [.. Mismatches(0, field, _ => true)];

    private static IEnumerable<string> Mismatches(int row, Func<string, string?> field, Func<string, bool> present) =>
        Expected[row]
            .Where(e => !present(e.Key) || (field(e.Key) ?? string.Empty) != e.Value)
            .Select(e => present(e.Key) ? $"row {row + 1}, {e.Key}: '{e.Value}' expected, got '{field(e.Key)}'" : $"no column {e.Key}");

    private static Dictionary<string, string> Row(params (string Column, string Value)[] values) =>
        values.ToDictionary(v => v.Column, v => v.Value, StringComparer.Ordinal);
}
