using Enrichment.Core.Services;

namespace Enrichment.Core.Tests;

/// <summary>
/// Core is the domain: hosts (the Lambda functions, the API, the local host) depend on it, never the
/// other way round, so a service can run under any of them and tells its caller's mistakes as outcomes.
/// </summary>
public sealed class CoreDependencyTests
{
    [Test]
    public void Core_ReferencesNoLambdaCode()
    {
        var references = typeof(Refusal).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.That(references, Has.None.StartsWith("Enrichment.Lambda").And.None.StartsWith("Amazon.Lambda"));
    }

    [Test]
    public void Core_HasNoExceptionThatCarriesAStatusCode()
    {
        var carriers = typeof(Refusal).Assembly.GetTypes()
            .Where(t => typeof(Exception).IsAssignableFrom(t) && t.GetProperty("StatusCode") is not null)
            .Select(t => t.Name);

        Assert.That(carriers, Is.Empty, "a refusal is an Outcome's Refusal; only the API picks its status code");
    }
}
