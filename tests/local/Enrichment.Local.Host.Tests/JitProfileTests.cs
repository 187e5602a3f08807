namespace Enrichment.Local.Host.Tests;

public sealed class JitProfileTests
{
    [TestCase("enrich", "enrich.jitprofile")]
    [TestCase("retry", "retry.jitprofile")]
    public void ProfileNameOf_ACommandThatRunsAPipelineAndExits_IsItsOwn(string command, string expected)
    {
        Assert.That(JitProfile.ProfileNameOf([command, "list.csv", "--out", "out.csv"]), Is.EqualTo(expected));
    }

    [TestCase("serve")]
    [TestCase("generate")]
    [TestCase("--help")]
    [TestCase("ENRICH")]
    public void ProfileNameOf_AnyOtherCommandLine_IsNone(string command)
    {
        Assert.That(JitProfile.ProfileNameOf([command]), Is.Null);
        Assert.That(JitProfile.ProfileNameOf([]), Is.Null);
    }
}
