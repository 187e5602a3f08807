using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class ColumnMapTests
{
    [TestCase("email", ContactField.Email)]
    [TestCase("E-mail Address", ContactField.Email)]
    [TestCase("Email", ContactField.Email)]
    [TestCase("EMAIL_ADDRESS", ContactField.Email)]
    [TestCase("Work Email", ContactField.Email)]
    [TestCase("e_mail", ContactField.Email)]
    [TestCase("Mobile Phone", ContactField.Phone)]
    [TestCase("phone", ContactField.Phone)]
    [TestCase("Phone Number", ContactField.Phone)]
    [TestCase("tel", ContactField.Phone)]
    [TestCase("Telephone", ContactField.Phone)]
    [TestCase("cell", ContactField.Phone)]
    [TestCase("First Name", ContactField.FirstName)]
    [TestCase("firstname", ContactField.FirstName)]
    [TestCase("first_name", ContactField.FirstName)]
    [TestCase("given name", ContactField.FirstName)]
    [TestCase("Last Name", ContactField.LastName)]
    [TestCase("surname", ContactField.LastName)]
    [TestCase("family name", ContactField.LastName)]
    [TestCase("Name", ContactField.FullName)]
    [TestCase("Full Name", ContactField.FullName)]
    [TestCase("Company", ContactField.Company)]
    [TestCase("Company Name", ContactField.Company)]
    [TestCase("Organization", ContactField.Company)]
    [TestCase("Organisation", ContactField.Company)]
    [TestCase("Account Name", ContactField.Company)]
    [TestCase("Website", ContactField.Website)]
    [TestCase("domain", ContactField.Website)]
    [TestCase("Company Website", ContactField.Website)]
    [TestCase("URL", ContactField.Website)]
    [TestCase("Country", ContactField.Country)]
    [TestCase("Country Code", ContactField.Country)]
    [TestCase("Country/Region", ContactField.Country)]
    [TestCase("Job Title", ContactField.JobTitle)]
    [TestCase("title", ContactField.JobTitle)]
    [TestCase("Position", ContactField.JobTitle)]
    [TestCase("City", ContactField.City)]
    [TestCase("Town", ContactField.City)]
    public void Create_MapsCommonColumnNames(string column, ContactField field)
    {
        var map = ColumnMap.Create(["id", column, "notes"]);

        Assert.That(map.ColumnOf(field), Is.EqualTo(1));
        Assert.That(map.FieldOf(1), Is.EqualTo(field));
        Assert.That(map.HasAnyContactColumn, Is.True);
    }

    [TestCase("Billing City", ContactField.City)]
    [TestCase("Email 2", ContactField.Email)]
    [TestCase("Secondary Email Address", ContactField.Email)]
    [TestCase("Primary Phone Number", ContactField.Phone)]
    [TestCase("Mailing Country", ContactField.Country)]
    [TestCase("Contact First Name", ContactField.FirstName)]
    public void Create_MapsLongerNamesEndingInAFieldWord(string column, ContactField field)
    {
        var map = ColumnMap.Create([column]);

        Assert.That(map.ColumnOf(field), Is.EqualTo(0));
    }

    [Test]
    public void Create_PrefersKnownNameOverLongerNameBeforeIt()
    {
        var map = ColumnMap.Create(["Secondary Email", "Email"]);

        Assert.That(map.ColumnOf(ContactField.Email), Is.EqualTo(1));
        Assert.That(map.FieldOf(0), Is.Null);
    }

    [Test]
    public void Create_FirstMatchingColumnWins()
    {
        var map = ColumnMap.Create(["Email", "E-mail", "Phone", "Mobile"]);

        Assert.That(map.ColumnOf(ContactField.Email), Is.EqualTo(0));
        Assert.That(map.ColumnOf(ContactField.Phone), Is.EqualTo(2));
        Assert.That(map.FieldOf(1), Is.Null);
        Assert.That(map.FieldOf(3), Is.Null);
    }

    [Test]
    public void Create_LeavesUnknownColumnsUnmapped()
    {
        var map = ColumnMap.Create(["customer id", "email", "lifetime value"]);

        Assert.That(map.FieldOf(0), Is.Null);
        Assert.That(map.FieldOf(2), Is.Null);
        Assert.That(map.FieldColumns, Is.EqualTo(new Dictionary<ContactField, int> { [ContactField.Email] = 1 }));
    }

    [Test]
    public void HasAnyContactColumn_IsFalseForDataLikeOrUnrelatedNames()
    {
        Assert.That(ColumnMap.Create(["ann@example.com", "+44 20 7946 0000", "Ann"]).HasAnyContactColumn, Is.False);
        Assert.That(ColumnMap.Create(["foo", "bar", "column_3"]).HasAnyContactColumn, Is.False);
        Assert.That(ColumnMap.Create([]).HasAnyContactColumn, Is.False);
    }

    [Test]
    public void Map_ReadsMappedValuesAndToleratesShortRows()
    {
        var map = ColumnMap.Create(["id", "Email", "First Name", "Last Name", "Company", "Phone", "Country", "City", "Website", "Title", "Name"]);

        var full = map.Map(["7", "a@x.io", "Ann", "Lee", "Acme", "+1", "US", "NYC", "acme.com", "CTO", "Ann Lee"]);
        var shortRow = map.Map(["7", "a@x.io", "Ann"]);

        Assert.That(full, Is.EqualTo(new ContactFields
        {
            Email = "a@x.io", FirstName = "Ann", LastName = "Lee", Company = "Acme", Phone = "+1", Country = "US",
            City = "NYC", Website = "acme.com", JobTitle = "CTO", FullName = "Ann Lee",
        }));
        Assert.That(shortRow, Is.EqualTo(new ContactFields { Email = "a@x.io", FirstName = "Ann" }));
    }

    [TestCase("E-mail Address", "emailaddress")]
    [TestCase("  First_Name ", "firstname")]
    [TestCase("Country/Region", "countryregion")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void Normalize_KeepsLowerCaseLettersAndDigits(string? name, string expected) =>
        Assert.That(ColumnMap.Normalize(name), Is.EqualTo(expected));
}
