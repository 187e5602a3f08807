using Enrichment.Core.Ports;

namespace Enrichment.Testing.Contracts;

/// <summary>
/// Behaviour every <see cref="ISecretParameters"/> adapter must show. Each test seeds its own
/// parameters under a fresh path, so an adapter may share one store (moto's SSM) across tests.
/// Derived fixtures need an explicit [TestFixture]: the adapter does not discover inherited-only tests otherwise.
/// </summary>
public abstract class SecretParametersContract
{
    /// <summary>Where each test's parameters live: /enrichment-test/{random}/.</summary>
    protected string Root { get; private set; } = "";

    /// <summary>An adapter that holds exactly <paramref name="parameters"/> (besides whatever other tests stored).</summary>
    protected abstract Task<ISecretParameters> CreateParametersAsync(IReadOnlyList<Seed> parameters);

    [SetUp]
    public void ChooseRoot() => Root = "/enrichment-test/" + Guid.NewGuid().ToString("N")[..12];

    [Test]
    public async Task A_missing_parameter_reads_as_null()
    {
        var parameters = await CreateParametersAsync([new Seed(Root + "/present", "value", SecureString: true)]);

        var value = await parameters.GetAsync(Root + "/absent", CancellationToken.None);

        Assert.That(value, Is.Null);
    }

    [Test]
    public async Task A_secure_string_reads_decrypted()
    {
        var parameters = await CreateParametersAsync([new Seed(Root + "/api-key", "sk_live_0123456789abcdef", SecureString: true)]);

        var value = await parameters.GetAsync(Root + "/api-key", CancellationToken.None);

        Assert.That(value, Is.EqualTo("sk_live_0123456789abcdef"));
    }

    [Test]
    public async Task A_plain_string_reads_as_stored()
    {
        var parameters = await CreateParametersAsync([new Seed(Root + "/region", "eu-west-1", SecureString: false)]);

        var value = await parameters.GetAsync(Root + "/region", CancellationToken.None);

        Assert.That(value, Is.EqualTo("eu-west-1"));
    }

    [Test]
    public async Task Names_with_slashes_are_whole_names_not_prefixes()
    {
        var parameters = await CreateParametersAsync(
        [
            new Seed(Root + "/providers/person-api/api-key", "person-key", SecureString: true),
            new Seed(Root + "/providers/company-api/api-key", "company-key", SecureString: true),
        ]);

        var person = await parameters.GetAsync(Root + "/providers/person-api/api-key", CancellationToken.None);
        var company = await parameters.GetAsync(Root + "/providers/company-api/api-key", CancellationToken.None);
        var parent = await parameters.GetAsync(Root + "/providers/person-api", CancellationToken.None);
        var otherCase = await parameters.GetAsync(Root + "/providers/Person-API/api-key", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(person, Is.EqualTo("person-key"));
            Assert.That(company, Is.EqualTo("company-key"));
            Assert.That(parent, Is.Null, "a path above a parameter is not a parameter");
            Assert.That(otherCase, Is.Null, "names are case-sensitive");
        });
    }

    [Test]
    public async Task Values_are_kept_verbatim()
    {
        const string Value = "  Zoë's \"key\" = a+b/c==\\n 東京 ";
        var parameters = await CreateParametersAsync([new Seed(Root + "/odd", Value, SecureString: true)]);

        var first = await parameters.GetAsync(Root + "/odd", CancellationToken.None);
        var second = await parameters.GetAsync(Root + "/odd", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(Value));
            Assert.That(second, Is.EqualTo(Value));
        });
    }

    [Test]
    public async Task A_cancelled_read_throws()
    {
        var parameters = await CreateParametersAsync([new Seed(Root + "/api-key", "value", SecureString: true)]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(
            async () => await parameters.GetAsync(Root + "/api-key", cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>A parameter to store before the test; <paramref name="SecureString"/> matters only where types exist (SSM).</summary>
    public sealed record Seed(string Name, string Value, bool SecureString);
}
