namespace Enrichment.Core.Input;

/// <summary>
/// Maps input column names onto <see cref="ContactField"/>s. Names are compared on their letters and
/// digits only, case-insensitively, so "E-mail Address", "email_address" and "EmailAddress" are one
/// name. Per field the first column with a known name wins; when no column has a known name, the
/// first column whose name ends with the field's core word ("Billing City", "Email 2") is taken.
/// Unmapped columns are not dropped: they stay in the record and travel to the output untouched.
/// </summary>
public sealed class ColumnMap
{
    private static readonly ContactField[] AllFields = Enum.GetValues<ContactField>();

    private static readonly Dictionary<string, ContactField> KnownNames = BuildKnownNames();

    // Core words a longer name may end with ("Primary Email", "Mailing Country", "Phone 2").
    private static readonly (ContactField Field, string[] Suffixes)[] LooseSuffixes =
    [
        (ContactField.Email, ["email", "emailaddress"]),
        (ContactField.Phone, ["phone", "phonenumber", "mobile", "mobilenumber", "telephone", "cellphone"]),
        (ContactField.FirstName, ["firstname", "givenname"]),
        (ContactField.LastName, ["lastname", "surname", "familyname"]),
        (ContactField.FullName, ["fullname", "contactname"]),
        (ContactField.Company, ["company", "companyname", "organization", "organisation", "accountname"]),
        (ContactField.Website, ["website", "domain", "websiteurl"]),
        (ContactField.Country, ["country", "countrycode", "countryname"]),
        (ContactField.JobTitle, ["jobtitle"]),
        (ContactField.City, ["city"]),
    ];

    private readonly int[] _columnOfField;
    private readonly ContactField?[] _fieldOfColumn;

    private ColumnMap(IReadOnlyList<string> columns, int[] columnOfField, ContactField?[] fieldOfColumn)
    {
        Columns = columns;
        _columnOfField = columnOfField;
        _fieldOfColumn = fieldOfColumn;
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>True when at least one column maps to a contact field.</summary>
    public bool HasAnyContactColumn => Array.Exists(_columnOfField, index => index >= 0);

    /// <summary>The mapped fields with the index of the column each one reads, in field order.</summary>
    public IReadOnlyDictionary<ContactField, int> FieldColumns
    {
        get
        {
            var map = new Dictionary<ContactField, int>();
            foreach (var contactField in AllFields)
            {
                if (_columnOfField[(int)contactField] >= 0)
                {
                    map[contactField] = _columnOfField[(int)contactField];
                }
            }

            return map;
        }
    }

    /// <summary>For each column, whether it feeds a contact field (what <see cref="Map"/> reads).</summary>
    public bool[] MappedColumns() => Array.ConvertAll(_fieldOfColumn, field => field is not null);

    public static ColumnMap Create(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var columnOfField = new int[AllFields.Length];
        Array.Fill(columnOfField, -1);
        var fieldOfColumn = new ContactField?[columns.Count];
        var normalized = new string[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            normalized[i] = Normalize(columns[i]);
        }

        for (var i = 0; i < normalized.Length; i++)
        {
            if (KnownNames.TryGetValue(normalized[i], out var field) && columnOfField[(int)field] < 0)
            {
                columnOfField[(int)field] = i;
                fieldOfColumn[i] = field;
            }
        }

        foreach (var (field, suffixes) in LooseSuffixes)
        {
            if (columnOfField[(int)field] >= 0)
            {
                continue;
            }

            for (var i = 0; i < normalized.Length; i++)
            {
                if (fieldOfColumn[i] is null && EndsWithCoreWord(normalized[i], suffixes))
                {
                    columnOfField[(int)field] = i;
                    fieldOfColumn[i] = field;
                    break;
                }
            }
        }

        return new ColumnMap(columns, columnOfField, fieldOfColumn);
    }

    /// <summary>The index of the column that feeds <paramref name="field"/>, or null.</summary>
    public int? ColumnOf(ContactField field) =>
        _columnOfField[(int)field] is var index && index >= 0 ? index : null;

    /// <summary>The field the column at <paramref name="columnIndex"/> feeds, or null (carried through only).</summary>
    public ContactField? FieldOf(int columnIndex) =>
        columnIndex >= 0 && columnIndex < _fieldOfColumn.Length ? _fieldOfColumn[columnIndex] : null;

    /// <summary>
    /// The contact fields of one record. <paramref name="values"/> may be shorter than the columns
    /// (a short CSV row, a JSON record read before later keys appeared): missing values are null.
    /// </summary>
    public ContactFields Map(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var fields = new ContactFields();
        MapInto(values, fields);
        return fields;
    }

    /// <summary>Fills <paramref name="fields"/> as <see cref="Map"/> makes them (a pooled record's, reused).</summary>
    internal void MapInto(string?[] values, ContactFields fields) => fields.Assign(
        Value(values, ContactField.Email),
        Value(values, ContactField.Phone),
        Value(values, ContactField.FirstName),
        Value(values, ContactField.LastName),
        Value(values, ContactField.FullName),
        Value(values, ContactField.Company),
        Value(values, ContactField.Website),
        Value(values, ContactField.Country),
        Value(values, ContactField.JobTitle),
        Value(values, ContactField.City));

    /// <summary>A column name reduced to lower-case letters and digits ("E-mail Address" → "emailaddress").</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    private string? Value(string?[] values, ContactField field)
    {
        var index = _columnOfField[(int)field];
        return index >= 0 && index < values.Length ? values[index] : null;
    }

    private static bool EndsWithCoreWord(string name, string[] suffixes)
    {
        // "email2" and "phone1" are numbered copies of the core word.
        var trimmed = name.AsSpan().TrimEnd("0123456789");
        foreach (var suffix in suffixes)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, ContactField> BuildKnownNames()
    {
        var names = new Dictionary<string, ContactField>(StringComparer.Ordinal);
        Add(names, ContactField.Email,
            "email", "e-mail", "emailaddress", "e-mail address", "mail", "mailaddress", "emailid", "emailaddr",
            "work email", "business email", "personal email", "primary email", "contact email", "email 1",
            "work email address", "business email address", "primary email address", "courriel", "correo");
        Add(names, ContactField.Phone,
            "phone", "phone number", "phone no", "phonenumber", "tel", "tel no", "telephone", "telephone number",
            "mobile", "mobile phone", "mobile number", "mobile no", "cell", "cell phone", "cellphone",
            "cell number", "work phone", "business phone", "direct phone", "direct dial", "primary phone",
            "contact number", "contact phone", "phone 1", "msisdn", "home phone", "office phone", "telefon",
            "telefono", "telephone 1");
        Add(names, ContactField.FirstName,
            "first name", "firstname", "first", "fname", "given name", "givenname", "forename", "first_name",
            "contact first name", "vorname", "prenom", "nombre");
        Add(names, ContactField.LastName,
            "last name", "lastname", "last", "lname", "surname", "family name", "familyname", "last_name",
            "contact last name", "nachname", "nom", "apellido");
        Add(names, ContactField.FullName,
            "name", "full name", "fullname", "contact name", "contact", "display name", "person name",
            "contact full name", "person");
        Add(names, ContactField.Company,
            "company", "company name", "companyname", "organization", "organisation", "organization name",
            "organisation name", "org", "org name", "account", "account name", "employer", "business",
            "business name", "firm", "firma", "empresa", "entreprise");
        Add(names, ContactField.Website,
            "website", "web site", "domain", "company website", "company domain", "company url", "url", "web",
            "site", "website url", "homepage", "home page", "web address", "company domain name", "domain name");
        Add(names, ContactField.Country,
            "country", "country code", "country name", "countrycode", "country/region", "nation",
            "country iso", "iso country", "country iso code", "land", "pais", "pays");
        Add(names, ContactField.JobTitle,
            "job title", "jobtitle", "title", "position", "role", "job role", "designation", "occupation",
            "job position", "job", "job function", "business title");
        Add(names, ContactField.City,
            "city", "town", "locality", "city name", "town/city", "stadt", "ciudad", "ville");
        return names;
    }

    private static void Add(Dictionary<string, ContactField> names, ContactField field, params string[] variants)
    {
        foreach (var variant in variants)
        {
            names.TryAdd(Normalize(variant), field);
        }
    }
}
