using System.Text;
using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

public sealed class FormulaGuardTests
{
    [TestCase("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [TestCase("=1+1", "'=1+1")]
    [TestCase("@SUM(1)", "'@SUM(1)")]
    [TestCase("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("-", "'-")]
    [TestCase("+", "'+")]
    [TestCase("+1.", "'+1.")]
    [TestCase("\tTAB", "'\tTAB")]
    [TestCase("\rCR", "'\rCR")]
    [TestCase("-HYPERLINK(\"x\")", "'-HYPERLINK(\"x\")")]
    public void Dangerous_GetsApostrophe(string value, string expected) =>
        Assert.That(FormulaGuard.Apply(value), Is.EqualTo(expected));

    [TestCase("+14155550100")]
    [TestCase("+442079460018")]
    [TestCase("-12")]
    [TestCase("-12.50")]
    [TestCase("+3.14")]
    [TestCase("John")]
    [TestCase("john@example.com")]
    [TestCase("a=b")]
    [TestCase("email_invalid: missing @")]
    [TestCase("O'Brien")]
    [TestCase("")]
    [TestCase(null)]
    public void Safe_IsUnchanged(string? value) =>
        Assert.That(FormulaGuard.Apply(value), Is.SameAs(value));

    [TestCase("=SUM(A1:A9)")]
    [TestCase("-")]
    [TestCase("+1.")]
    [TestCase("\tTAB")]
    [TestCase("+14155550100")]
    [TestCase("-12.50")]
    [TestCase("-1.é")]
    [TestCase("+1é")]
    [TestCase("-١٢")]
    [TestCase("John")]
    [TestCase("")]
    public void TheRuleOnUtf8_IsTheRuleOnTheString(string value) =>
        Assert.That(FormulaGuard.Needs(Encoding.UTF8.GetBytes(value).AsSpan()), Is.EqualTo(!ReferenceEquals(FormulaGuard.Apply(value), value)));
}
