using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class NicknamesTests
{
    private static readonly string[] OpenList =
    [
        "name1,relationship,name2",
        "robert,has_nickname,bob",
        "robert,has_nickname,bobby",
        "amelia,has_nickname,amy",
        "alexander,has_nickname,alex",
        "alexandra,has_nickname,alex",
    ];

    [TestCase("Bob", "Robert")]
    [TestCase("Rob", "Robert")]
    [TestCase("Bobby", "Robert")]
    [TestCase("BOB", "Robert")]
    [TestCase("Bob Lee", "Robert Lee")]
    [TestCase("Robert", "Robert")]
    [TestCase("Alex", "Alex")]
    [TestCase("Ted", "Ted")]
    [TestCase("Zoë", "Zoë")]
    [TestCase("Amy", "Amy")]
    [TestCase("Tracy", "Tracy")]
    [TestCase("Callie", "Callie")]
    [TestCase("Ginny", "Virginia")]
    [TestCase("Liam", "William")]
    [TestCase(null, null)]
    public void FormalOf_MapsSelectedUnambiguousNicknamesOnly(string? first, string? expected)
    {
        Assert.That(Nicknames.FormalOf(first), Is.EqualTo(expected));
    }

    [Test]
    public void CarriedSelection_EveryPairIsInTheCarriedOpenList()
    {
        Assert.That(Nicknames.UnattestedSelection, Is.Empty);
    }

    [Test]
    public void Build_AppliesOnlySelectedPairsTheOpenListHolds()
    {
        var formal = Nicknames.Build(OpenList, ["Robert,Bob,Rob"], [], out var unattested);

        Assert.Multiple(() =>
        {
            Assert.That(formal, Is.EquivalentTo(new Dictionary<string, string> { ["Bob"] = "Robert" }));
            Assert.That(unattested, Is.EqualTo(new[] { "Robert,Rob" }));
        });
    }

    [Test]
    public void Build_LeavesOpenListPairsNobodySelectedUnmapped()
    {
        var formal = Nicknames.Build(OpenList, [], [], out _);

        Assert.That(formal, Is.Empty);
    }

    [Test]
    public void Build_NicknameChosenUnderTwoFormalNames_IsNotMapped()
    {
        var formal = Nicknames.Build(OpenList, ["Alexander,Alex", "Alexandra,Alex", "Robert,Bobby"], [], out _);

        Assert.That(formal.Keys, Is.EquivalentTo(new[] { "Bobby" }));
    }

    [Test]
    public void Build_ProjectAdditionsNeedNoAttestation_ButStillCountForAmbiguity()
    {
        var formal = Nicknames.Build(OpenList, ["Robert,Bob"], ["William,Liam", "Bobert,Bob"], out var unattested);

        Assert.Multiple(() =>
        {
            Assert.That(formal, Is.EquivalentTo(new Dictionary<string, string> { ["Liam"] = "William" }));
            Assert.That(unattested, Is.Empty);
        });
    }
}
