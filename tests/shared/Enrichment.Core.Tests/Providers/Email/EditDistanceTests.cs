using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class EditDistanceTests
{
    [TestCase("gmail.com", "gmail.com", 0)]
    [TestCase("gmial.com", "gmail.com", 1)]
    [TestCase("gmai.com", "gmail.com", 1)]
    [TestCase("gmaill.com", "gmail.com", 1)]
    [TestCase("gnail.com", "gmail.com", 1)]
    [TestCase("hotmai.co", "hotmail.com", 2)]
    [TestCase("ca", "abc", 3)]
    public void Bounded_CountsInsertDeleteSubstituteAndSwap(string a, string b, int expected)
    {
        Assert.That(EditDistance.Bounded(a, b, 5), Is.EqualTo(expected));
    }

    [TestCase("acme.com", "gmail.com")]
    [TestCase("a", "abcdef")]
    public void Bounded_StopsPastTheBound(string a, string b)
    {
        Assert.That(EditDistance.Bounded(a, b, 1), Is.EqualTo(2));
    }
}
