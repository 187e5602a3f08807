using Enrichment.Core.Services;
using Enrichment.Functions.Api;

namespace Enrichment.Functions.Tests.Api;

public sealed class RequestExceptionTests
{
    private static readonly object[] Kinds =
    [
        new object[] { new Refusal.Invalid("bad"), 400 },
        new object[] { new Refusal.NotFound("job j1 not found"), 404 },
        new object[] { new Refusal.Conflict("job j1 is still processing"), 409 },
        new object[] { new Refusal.TooLarge("over the limit"), 413 },
        new object[] { new Refusal.IdempotencyKeyReused("used with another request"), 422 },
    ];

    [TestCaseSource(nameof(Kinds))]
    public void Refusal_IsAnsweredWithItsKindsStatusCode_AndItsMessageAsItIs(Refusal refusal, int statusCode)
    {
        var error = new RequestException(refusal);

        Assert.That(error.StatusCode, Is.EqualTo(statusCode));
        Assert.That(error.Message, Is.EqualTo(refusal.Message));
    }
}
