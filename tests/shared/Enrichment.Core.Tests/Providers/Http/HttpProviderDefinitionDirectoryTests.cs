using Enrichment.Core.Providers.Http;

namespace Enrichment.Core.Tests.Providers.Http;

public sealed class HttpProviderDefinitionDirectoryTests
{
    private const string Valid = """
        {"name": "NAME", "endpoint": "http://127.0.0.1:9/v1/person", "request": {"email": "Email"},
         "response": { "title": { "path": "employment.title" } } }
        """;

    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("provider-dir-");

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    [Test]
    public void Load_ReadsEveryJsonFile_SortedByFileName()
    {
        Write("b.json", Valid.Replace("NAME", "beta", StringComparison.Ordinal));
        Write("a.json", Valid.Replace("NAME", "alpha", StringComparison.Ordinal));
        Write("notes.txt", "not a definition");

        var definitions = HttpProviderDefinitionDirectory.Load(_directory.FullName);

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "alpha", "beta" }));
    }

    [Test]
    public void Load_FailsOnABrokenDefinition_NamingTheFile()
    {
        Write("good.json", Valid.Replace("NAME", "good", StringComparison.Ordinal));
        Write("broken.json", "{ \"name\": ");

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionDirectory.Load(_directory.FullName));

        Assert.That(ex!.Message, Does.Contain("broken.json"));
    }

    [Test]
    public void Load_FailsOnTwoDefinitionsWithOneName()
    {
        Write("a.json", Valid.Replace("NAME", "same", StringComparison.Ordinal));
        Write("b.json", Valid.Replace("NAME", "same", StringComparison.Ordinal));

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionDirectory.Load(_directory.FullName));

        Assert.That(ex!.Message, Does.Contain("both named 'same'"));
    }

    [TestCase("normalize")]
    [TestCase("email")]
    public void Load_FailsOnADefinitionNamedLikeABuiltIn(string name)
    {
        Write("x.json", Valid.Replace("NAME", name, StringComparison.Ordinal));

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionDirectory.Load(_directory.FullName));

        Assert.That(ex!.Message, Does.Contain($"'{name}' is a built-in provider"));
    }

    [Test]
    public void Load_FailsOnAMissingFolder() =>
        Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionDirectory.Load(Path.Combine(_directory.FullName, "absent")));

    [Test]
    public void FromEnvironment_ReadsTheConfiguredFolder()
    {
        Write("a.json", Valid.Replace("NAME", "alpha", StringComparison.Ordinal));

        var definitions = HttpProviderDefinitionDirectory.FromEnvironment(name => name == HttpProviderDefinitionDirectory.Variable ? _directory.FullName : null);

        Assert.That(definitions.Select(d => d.Name), Is.EqualTo(new[] { "alpha" }));
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_directory.FullName, name), content);
}
