using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

public sealed class UniqueColumnNamesTests
{
    [TestCase(new[] { "a", "b" }, new[] { "a", "b" })]
    [TestCase(new[] { "a", "a" }, new[] { "a", "a_2" })]
    [TestCase(new[] { "a", "a", "a" }, new[] { "a", "a_2", "a_3" })]
    [TestCase(new[] { "a", "a", "a_2" }, new[] { "a", "a_3", "a_2" })]
    [TestCase(new[] { "Email", "email" }, new[] { "Email", "email" })]
    [TestCase(new[] { "", "" }, new[] { "", "_2" })]
    public void Names_AreMadeUnique(string[] columns, string[] expected) =>
        Assert.That(UniqueColumnNames.Make(columns), Is.EqualTo(expected));
}
