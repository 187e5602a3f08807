using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class NameNormalizerTests
{
    [TestCase("john", "John")]
    [TestCase("JOHN", "John")]
    [TestCase("  john  ", "John")]
    [TestCase("mary-jane", "Mary-Jane")]
    [TestCase("MARY-JANE", "Mary-Jane")]
    [TestCase("jean   claude", "Jean Claude")]
    [TestCase("DeAndre", "DeAndre")]
    [TestCase("LaToya", "LaToya")]
    [TestCase("Mary-jane", "Mary-Jane")]
    [TestCase("JEAN-Luc", "Jean-Luc")]
    [TestCase("j.", "J.")]
    [TestCase("VAN", "Van")]
    [TestCase("van", "Van")]
    [TestCase("josé", "José")]
    [TestCase("ÉLODIE", "Élodie")]
    [TestCase("ØYVIND", "Øyvind")]
    [TestCase("АЛЕКСЕЙ", "Алексей")]
    [TestCase("ΔΗΜΗΤΡΗΣ", "Δημητρης")]
    [TestCase("小明", "小明")]
    [TestCase("さくら", "さくら")]
    [TestCase("محمد", "محمد")]
    [TestCase("דוד", "דוד")]
    [TestCase("สมชาย", "สมชาย")]
    [TestCase("민준", "민준")]
    public void FirstName_IsCasedSensibly(string input, string expected) =>
        Assert.That(NameNormalizer.CaseName(input, isFirstName: true), Is.EqualTo(expected));

    [TestCase("o'brien", "O'Brien")]
    [TestCase("O'BRIEN", "O'Brien")]
    [TestCase("o’neill", "O’Neill")]
    [TestCase("d'angelo", "D'Angelo")]
    [TestCase("MCDONALD", "McDonald")]
    [TestCase("mcgee", "McGee")]
    [TestCase("macdonald", "MacDonald")]
    [TestCase("MACLEOD", "MacLeod")]
    [TestCase("macintyre", "MacIntyre")]
    [TestCase("mack", "Mack")]
    [TestCase("MACY", "Macy")]
    [TestCase("machado", "Machado")]
    [TestCase("MACIAS", "Macias")]
    [TestCase("maciejewski", "Maciejewski")]
    [TestCase("macchi", "Macchi")]
    [TestCase("VAN DER BERG", "van der Berg")]
    [TestCase("von trapp", "von Trapp")]
    [TestCase("DE LA CRUZ", "de la Cruz")]
    [TestCase("DA", "Da")]
    [TestCase("smith-JONES", "Smith-Jones")]
    [TestCase("McDonald", "McDonald")]
    [TestCase("van der Berg", "van der Berg")]
    [TestCase("Van Der Berg", "Van Der Berg")]
    [TestCase("SMITH III", "Smith III")]
    [TestCase("王", "王")]
    [TestCase("  garcía   márquez ", "García Márquez")]
    public void LastName_IsCasedSensibly(string input, string expected) =>
        Assert.That(NameNormalizer.CaseName(input, isFirstName: false), Is.EqualTo(expected));

    [TestCase("JOHN SMITH", "John", "Smith")]
    [TestCase("john smith", "John", "Smith")]
    [TestCase("Mary Ann Smith", "Mary Ann", "Smith")]
    [TestCase("LUDWIG VAN BEETHOVEN", "Ludwig", "van Beethoven")]
    [TestCase("jan van der berg", "Jan", "van der Berg")]
    [TestCase("Maria de la Cruz", "Maria", "de la Cruz")]
    [TestCase("smith, john", "John", "Smith")]
    [TestCase("VAN DER BERG, JAN", "Jan", "van der Berg")]
    [TestCase("Dr. Jane Doe", "Jane", "Doe", "Dr.")]
    [TestCase("mr john o'brien", "John", "O'Brien", "Mr.")]
    [TestCase("Martin Luther King Jr.", "Martin Luther", "King", null, "Jr.")]
    [TestCase("Madonna", "Madonna", null)]
    [TestCase("MR SMITH", null, "Smith", "Mr.")]
    [TestCase("J. R. R. TOLKIEN", "J. R. R.", "Tolkien")]
    [TestCase("ALESSANDRO DEL PIERO", "Alessandro", "del Piero")]
    [TestCase("  JEAN-CLAUDE   VAN DAMME ", "Jean-Claude", "van Damme")]
    [TestCase("Van Morrison", "Van", "Morrison")]
    [TestCase("محمد علي", "محمد", "علي")]
    [TestCase("王小明", "王小明", null)]
    public void FullName_IsSplitAndCased(string full, string? first, string? last, string? prefix = null, string? suffix = null)
    {
        var name = NameNormalizer.Normalize(null, null, full);

        Assert.That(name, Is.EqualTo(new PersonName(first, last, prefix, suffix)));
    }

    [TestCase("Dr. John", "Smith Jr.", "John", "Smith", "Dr.", "Jr.")]
    [TestCase("PROF DR HANS", "MÜLLER, PHD", "Hans", "Müller", "Prof. Dr.", "PhD")]
    [TestCase("Dr", "Who", "Dr", "Who", null, null)]
    [TestCase("Mary Ann", "Smith", "Mary Ann", "Smith", null, null)]
    [TestCase("John", "Jr", "John", "Jr", null, null)]
    public void GivenFirstAndLast_TitlesAndSuffixesMoveOut(string first, string last, string expectedFirst, string expectedLast, string? prefix, string? suffix)
    {
        Assert.That(NameNormalizer.Normalize(first, last, null), Is.EqualTo(new PersonName(expectedFirst, expectedLast, prefix, suffix)));
    }

    [Test]
    public void GivenFirstAndLast_FullNameIsIgnored()
    {
        var name = NameNormalizer.Normalize("ANNA", "SCHMIDT", "Someone Else");

        Assert.That(name, Is.EqualTo(new PersonName("Anna", "Schmidt")));
    }

    [TestCase(null, null, null)]
    [TestCase("", "  ", "\t")]
    public void NoName_GivesNothing(string? first, string? last, string? full) =>
        Assert.That(NameNormalizer.Normalize(first, last, full), Is.EqualTo(default(PersonName)));

    [Test]
    public void OnlyLastName_LeavesFirstEmpty() =>
        Assert.That(NameNormalizer.Normalize(null, "müller", null), Is.EqualTo(new PersonName(null, "Müller")));
}
