using Enrichment.Local.Host.Cli;

namespace Enrichment.Local.Host.Tests.Cli;

public sealed class HardLinkTests
{
    [Test]
    public void TryCreate_NamesTheSameFileTwice()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "link(2) is POSIX; Windows falls back to a copy");
        using var temp = new TempDirectory();
        var existing = temp.File("output.csv");
        File.WriteAllText(existing, "a,b\r\n");
        var link = temp.File("out.csv.partial");

        Assert.That(HardLink.TryCreate(existing, link), Is.True);

        // One file under two names: what is appended through one name is read through the other.
        File.AppendAllText(link, "1,2\r\n");
        Assert.That(File.ReadAllText(existing), Is.EqualTo("a,b\r\n1,2\r\n"));
    }

    [Test]
    public void TryCreate_RefusesANameThatIsTaken()
    {
        using var temp = new TempDirectory();
        var existing = temp.File("output.csv");
        var taken = temp.File("out.csv");
        File.WriteAllText(existing, "new");
        File.WriteAllText(taken, "old");

        Assert.That(HardLink.TryCreate(existing, taken), Is.False);
        Assert.That(File.ReadAllText(taken), Is.EqualTo("old"));
    }

    [Test]
    public void TryCreate_OfAMissingFile_IsFalse()
    {
        using var temp = new TempDirectory();

        Assert.That(HardLink.TryCreate(temp.File("missing.csv"), temp.File("out.csv")), Is.False);
        Assert.That(File.Exists(temp.File("out.csv")), Is.False);
    }
}
