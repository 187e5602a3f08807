namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>The `fakeperson` http provider definition the host tests offer through --provider-dir, pointed at a running fake.</summary>
internal static class FakePersonDefinition
{
    /// <summary>The environment variable the definition reads its API key from.</summary>
    public const string ApiKeyVariable = "FAKE_PERSON_API_KEY";

    public static string Json(Uri baseUrl) => $$"""
        {
          "name": "fakeperson",
          "endpoint": "{{baseUrl}}v1/person",
          "bulk": { "endpoint": "{{baseUrl}}v1/people/bulk", "maxRecords": 10, "requestProperty": "records", "responseProperty": "results", "idField": "id" },
          "request": { "email": "Email", "first_name": "FirstName", "last_name": "LastName", "company": "Company" },
          "response": { "job_title": { "path": "employment.title" } },
          "matchConfidence": "match.confidence",
          "auth": { "header": "X-Api-Key", "environmentVariable": "{{ApiKeyVariable}}" },
          "resilience": { "attemptTimeoutSeconds": 10, "maxRetries": 1, "retryBaseDelaySeconds": 0.05, "maxRetryDelaySeconds": 1, "breakerMinimumThroughput": 100, "requestsPerSecond": 100 }
        }
        """;
}
