using Enrichment.Local.Secrets;

namespace Enrichment.Local.Tests.Secrets;

[TestFixture]
public sealed class FileSecretParametersTests
{
    private const string Secret = "sk_live_do_not_print";

    private TempDirectory _directory = null!;

    private string SecretsPath => Path.Combine(_directory.Path, FileSecretParameters.DefaultFileName);

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    [Test]
    public async Task Without_a_file_every_parameter_is_missing()
    {
        var parameters = new FileSecretParameters(Path.Combine(_directory.Path, "absent", "secrets.json"));

        Assert.That(await parameters.GetAsync("/enrichment/api-key", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_edited_file_applies_to_the_next_read()
    {
        var parameters = new FileSecretParameters(SecretsPath);
        await File.WriteAllTextAsync(SecretsPath, """{"/k": "one"}""");
        var first = await parameters.GetAsync("/k", CancellationToken.None);

        await File.WriteAllTextAsync(SecretsPath, """{"/k": "two"}""");
        var second = await parameters.GetAsync("/k", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("one"));
            Assert.That(second, Is.EqualTo("two"));
        });
    }

    [Test]
    public async Task Comments_and_trailing_commas_are_allowed()
    {
        await File.WriteAllTextAsync(SecretsPath, """
            {
              // the fake person API's key
              "/enrichment/providers/person-api/api-key": "k1",
            }
            """);

        var value = await new FileSecretParameters(SecretsPath).GetAsync("/enrichment/providers/person-api/api-key", CancellationToken.None);

        Assert.That(value, Is.EqualTo("k1"));
    }

    [Test]
    public async Task Malformed_json_fails_naming_the_file_but_not_quoting_it()
    {
        await File.WriteAllTextAsync(SecretsPath, "{\"/k\": \"" + Secret + "\" \"/j\": " + Secret + "}");

        var error = Assert.ThrowsAsync<InvalidDataException>(
            async () => await new FileSecretParameters(SecretsPath).GetAsync("/k", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(SecretsPath));
            Assert.That(error.ToString(), Does.Not.Contain(Secret));
        });
    }

    [Test]
    public async Task A_value_that_is_not_a_string_fails_naming_the_parameter_but_not_its_value()
    {
        await File.WriteAllTextAsync(SecretsPath, """{"/k": {"nested": "sk_live_do_not_print"}}""");

        var error = Assert.ThrowsAsync<InvalidDataException>(
            async () => await new FileSecretParameters(SecretsPath).GetAsync("/k", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'/k'"));
            Assert.That(error.ToString(), Does.Not.Contain(Secret));
        });
    }

    [Test]
    public async Task A_file_that_is_not_an_object_fails()
    {
        await File.WriteAllTextAsync(SecretsPath, """["/k", "v"]""");

        Assert.That(
            async () => await new FileSecretParameters(SecretsPath).GetAsync("/k", CancellationToken.None),
            Throws.InstanceOf<InvalidDataException>());
    }
}
