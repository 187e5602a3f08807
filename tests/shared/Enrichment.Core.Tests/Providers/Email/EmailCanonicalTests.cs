using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class EmailCanonicalTests
{
    [TestCase("j.ohn.doe@gmail.com", "johndoe@gmail.com")]
    [TestCase("john.doe+news@googlemail.com", "johndoe@gmail.com")]
    [TestCase("johndoe@gmail.com", "johndoe@gmail.com")]
    [TestCase("jane+shop@outlook.com", "jane@outlook.com")]
    [TestCase("jane.doe+x@icloud.com", "jane.doe@icloud.com")]
    [TestCase("jane+a+b@fastmail.com", "jane@fastmail.com")]
    [TestCase("jane.doe+x@acme.com", "jane.doe+x@acme.com")]
    [TestCase("+only@gmail.com", "+only@gmail.com")]
    public void Of_FollowsTheProvidersOwnRules(string address, string expected)
    {
        Assert.That(EmailCanonical.Of(address, address.IndexOf('@', StringComparison.Ordinal)), Is.EqualTo(expected));
    }

    [Test]
    public void Of_ReturnsTheSameStringWhenNothingChanges()
    {
        var address = new string("jane@acme.com".AsSpan());

        Assert.That(EmailCanonical.Of(address, 4), Is.SameAs(address));
    }
}
