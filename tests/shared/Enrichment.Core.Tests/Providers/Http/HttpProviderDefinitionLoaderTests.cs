using Enrichment.Core.Providers.Http;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Providers.Http;

public sealed class HttpProviderDefinitionLoaderTests
{
    private const string Valid = """
        {
          "name": "fakeperson",
          "endpoint": "http://127.0.0.1:5055/v1/person",
          "bulk": { "endpoint": "http://127.0.0.1:5055/v1/people/bulk", "maxRecords": 25 },
          "request": { "email": "Email", "first_name": "firstName" },
          "response": {
            "job_title": { "path": "employment.title" },
            "company": { "path": "employment.company", "column": "person_company" }
          },
          "matchConfidence": "match.confidence",
          "auth": { "header": "X-Api-Key", "environmentVariable": "FAKE_PERSON_API_KEY" },
          "resilience": { "maxRetries": 2, "requestsPerSecond": 5 }
        }
        """;

    [Test]
    public void Parse_ReadsEveryFieldAndFillsDefaults()
    {
        var definition = HttpProviderDefinitionLoader.Parse(Valid, "fake.json");

        Assert.Multiple(() =>
        {
            Assert.That(definition.Name, Is.EqualTo("fakeperson"));
            Assert.That(definition.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:5055/v1/person")));
            Assert.That(definition.Bulk!.MaxRecords, Is.EqualTo(25));
            Assert.That(definition.Bulk.RequestProperty, Is.EqualTo("records"));
            Assert.That(definition.Bulk.IdField, Is.EqualTo("id"));
            Assert.That(definition.Request, Is.EquivalentTo(new Dictionary<string, string> { ["email"] = "Email", ["first_name"] = "firstName" }));
            Assert.That(definition.Response!["job_title"].Path, Is.EqualTo("employment.title"));
            Assert.That(definition.MatchConfidence, Is.EqualTo("match.confidence"));
            Assert.That(definition.Auth!.EnvironmentVariable, Is.EqualTo("FAKE_PERSON_API_KEY"));
            Assert.That(definition.Resilience!.MaxRetries, Is.EqualTo(2));
            Assert.That(definition.Resilience.AttemptTimeoutSeconds, Is.EqualTo(10));
        });
    }

    [Test]
    public void ColumnOf_UsesTheColumnNameElseProviderPrefix()
    {
        var definition = HttpProviderDefinitionLoader.Parse(Valid, "fake.json");

        Assert.Multiple(() =>
        {
            Assert.That(HttpProviderDefinitionLoader.ColumnOf(definition, "job_title", definition.Response!["job_title"]), Is.EqualTo("fakeperson_job_title"));
            Assert.That(HttpProviderDefinitionLoader.ColumnOf(definition, "company", definition.Response!["company"]), Is.EqualTo("person_company"));
        });
    }

    [TestCase("\"name\": \"fakeperson\"", "\"name\": \"Fake Person\"", "name: must be lower-case")]
    [TestCase("\"name\": \"fakeperson\",", "", "name: is required")]
    [TestCase("\"endpoint\": \"http://127.0.0.1:5055/v1/person\"", "\"endpoint\": \"ftp://x/y\"", "endpoint: must be an absolute http or https URL")]
    [TestCase("\"maxRecords\": 25", "\"maxRecords\": 0", "bulk.maxRecords: must be from 1 to 1000")]
    [TestCase("\"first_name\": \"firstName\"", "\"first_name\": \"Nickname\"", "request.first_name: 'Nickname' is not a contact field")]
    [TestCase("\"path\": \"employment.title\"", "\"path\": \"employment..title\"", "response.job_title.path: must be a dot-separated path")]
    [TestCase("\"column\": \"person_company\"", "\"column\": \"email_domain\"", "response.company.column: 'email_domain' is a standard column")]
    [TestCase("\"environmentVariable\": \"FAKE_PERSON_API_KEY\"", "\"environmentVariable\": \"\"", "auth.environmentVariable: must not be empty")]
    [TestCase("\"name\": \"fakeperson\"", "\"name\": \"fake:person\"", "name: must be lower-case letters, digits, '_', '-' and '.'")]
    [TestCase("\"column\": \"person_company\"", "\"column\": \"person company\"", "response.company.column: 'person company' may only hold letters, digits")]
    [TestCase("\"column\": \"person_company\"", "\"column\": \"person;company\"", "response.company.column: 'person;company' may only hold")]
    [TestCase("\"job_title\": { \"path\"", "\"job title\": { \"path\"", "response.job title.column: 'fakeperson_job title' (made from the name and the field; give a column)")]
    [TestCase("\"environmentVariable\": \"FAKE_PERSON_API_KEY\"", "\"parameter\": \"/stage//key\"", "auth.parameter: must be an SSM parameter name")]
    [TestCase(", \"environmentVariable\": \"FAKE_PERSON_API_KEY\"", "", "auth: give environmentVariable, parameter, or both")]
    [TestCase("\"requestsPerSecond\": 5", "\"requestsPerSecond\": 0", "resilience.requestsPerSecond: must be from")]
    public void Parse_NamesTheInvalidField(string original, string replacement, string expected)
    {
        var json = Valid.Replace(original, replacement, StringComparison.Ordinal);
        Assert.That(json, Is.Not.EqualTo(Valid), "the test case must change the definition");

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionLoader.Parse(json, "fake.json"));

        Assert.That(ex!.Message, Does.Contain("'fake.json'").And.Contain(expected));
    }

    [Test]
    public void Parse_AcceptsAParameterInsteadOfOrBesideAVariable()
    {
        var parameterOnly = HttpProviderDefinitionLoader.Parse(
            Valid.Replace("\"environmentVariable\": \"FAKE_PERSON_API_KEY\"", "\"parameter\": \"fakeperson/api-key\"", StringComparison.Ordinal), "fake.json");
        var both = HttpProviderDefinitionLoader.Parse(
            Valid.Replace("\"environmentVariable\"", "\"parameter\": \"/prod/fakeperson.key\", \"environmentVariable\"", StringComparison.Ordinal), "fake.json");

        Assert.Multiple(() =>
        {
            Assert.That(parameterOnly.Auth!.Parameter, Is.EqualTo("fakeperson/api-key"));
            Assert.That(parameterOnly.Auth.EnvironmentVariable, Is.Null);
            Assert.That(both.Auth!.Parameter, Is.EqualTo("/prod/fakeperson.key"));
            Assert.That(both.Auth.EnvironmentVariable, Is.EqualTo("FAKE_PERSON_API_KEY"));
        });
    }

    // The auth record is read through its constructor, the resilience record through its setters: both refuse.
    [TestCase("\"maxRetries\"", "\"maxRetry\"", "maxRetry")]
    [TestCase("\"environmentVariable\"", "\"keyVariable\"", "keyVariable")]
    public void Parse_RefusesAMisspeltSetting(string original, string misspelt, string named)
    {
        var json = Valid.Replace(original, misspelt, StringComparison.Ordinal);
        Assert.That(json, Is.Not.EqualTo(Valid), "the test case must change the definition");

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionLoader.Parse(json, "fake.json"));

        Assert.That(ex!.Message, Does.Contain(named));
    }

    [Test]
    public void Parse_RefusesMalformedJson()
    {
        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionLoader.Parse("{\"name\": ", "broken.json"));

        Assert.That(ex!.Message, Does.StartWith("Provider definition 'broken.json' is not valid"));
    }

    [Test]
    public void Load_ReadsAFileAndReportsAMissingOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"http-def-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Valid);
        try
        {
            Assert.That(HttpProviderDefinitionLoader.Load(path).Name, Is.EqualTo("fakeperson"));
        }
        finally
        {
            File.Delete(path);
        }

        var ex = Assert.Throws<HttpProviderDefinitionException>(() => HttpProviderDefinitionLoader.Load(path));
        Assert.That(ex!.Message, Does.Contain("cannot be read"));
    }

    [Test]
    public void Sample_FakePersonApiDefinitionIsValid()
    {
        var definition = HttpProviderDefinitionLoader.Load(TestPaths.InRepository("samples", "providers", "fake-person-api.json"));

        Assert.Multiple(() =>
        {
            Assert.That(definition.Name, Is.EqualTo("fakeperson"));
            Assert.That(definition.Bulk!.Endpoint!.AbsolutePath, Is.EqualTo("/v1/people/bulk"));
            Assert.That(definition.Auth!.EnvironmentVariable, Is.EqualTo("FAKE_PERSON_API_KEY"));
            Assert.That(definition.Auth.Parameter, Is.EqualTo("fakeperson/api-key"));
        });
    }
}
