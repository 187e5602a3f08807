using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class OutcomeTests
{
    [Test]
    public void Outcome_OfAValue_HasTheValueAndNoRefusal()
    {
        Outcome<string> outcome = "csv";

        Assert.That(outcome.Refusal, Is.Null);
        Assert.That(outcome.Value, Is.EqualTo("csv"));
    }

    [Test]
    public void Outcome_OfARefusal_KeepsItsKindAndMessage_AndHasNoValueToRead()
    {
        Outcome<string> outcome = new Refusal.Conflict("job j1 is still processing");

        Assert.That(outcome.Refusal, Is.EqualTo(new Refusal.Conflict("job j1 is still processing")));
        var error = Assert.Throws<InvalidOperationException>(() => _ = outcome.Value);
        Assert.That(error!.Message, Does.Contain("Conflict").And.Not.Contain("j1"), "the bug report names the kind, never the caller's message");
    }

    [Test]
    public void Outcome_OfAnInterfaceValue_IsBuiltWithOf()
    {
        IReadOnlyList<string> names = ["normalize"];

        var outcome = Outcome.Of(names);

        Assert.That(outcome.Value, Is.SameAs(names));
    }
}
