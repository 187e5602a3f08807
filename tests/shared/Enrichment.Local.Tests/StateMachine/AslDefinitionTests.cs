using Enrichment.Local.StateMachine;
using Enrichment.Testing;

namespace Enrichment.Local.Tests.StateMachine;

public sealed class AslDefinitionTests
{
    private static string Machine(string states, string start = "A", string extra = "") =>
        "{\"StartAt\":\"" + start + "\"" + extra + ",\"States\":{" + states + "}}";

    [Test]
    public void Parse_RefusesMap_NamingTheState()
    {
        var error = Assert.Throws<AslUnsupportedException>(() => AslDefinition.Parse(Machine("""
            "A":{"Type":"Map","ItemProcessor":{},"End":true}
            """)));

        Assert.That(error!.Message, Does.Contain("Map").And.Contain("'A'"));
    }

    [Test]
    public void Parse_RefusesParallel_NamingTheState()
    {
        var error = Assert.Throws<AslUnsupportedException>(() => AslDefinition.Parse(Machine("""
            "Fan":{"Type":"Parallel","Branches":[],"End":true}
            """, "Fan")));

        Assert.That(error!.Message, Does.Contain("Parallel").And.Contain("'Fan'"));
    }

    [Test]
    public void Parse_RefusesIntrinsicFunctions_NamingTheFunction()
    {
        var error = Assert.Throws<AslUnsupportedException>(() => AslDefinition.Parse(Machine("""
            "A":{"Type":"Pass","Parameters":{"msg.$":"States.Format('hi {}', $.name)"},"End":true}
            """)));

        Assert.That(error!.Message, Does.Contain("States.Format").And.Contain("'A'"));
    }

    [Test]
    public void Parse_RefusesUnknownStateField_NamingFieldAndState()
    {
        var error = Assert.Throws<AslUnsupportedException>(() => AslDefinition.Parse(Machine("""
            "A":{"Type":"Task","Resource":"r","HeartbeatSeconds":10,"End":true}
            """)));

        Assert.That(error!.Message, Does.Contain("HeartbeatSeconds").And.Contain("'A'"));
    }

    [Test]
    public void Parse_RefusesJsonata()
    {
        var error = Assert.Throws<AslUnsupportedException>(() => AslDefinition.Parse(
            """{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Succeed"}}}"""));

        Assert.That(error!.Message, Does.Contain("QueryLanguage"));
    }

    [Test]
    public void Parse_RefusesWildcardPaths() =>
        Assert.That(
            () => AslDefinition.Parse(Machine("""
                "A":{"Type":"Pass","InputPath":"$.items[*]","End":true}
                """)),
            Throws.TypeOf<AslUnsupportedException>().With.Message.Contain("'A'"));

    [Test]
    public void Parse_RefusesTransitionsToUnknownStates() =>
        Assert.That(
            () => AslDefinition.Parse(Machine("""
                "A":{"Type":"Pass","Next":"Nowhere"}
                """)),
            Throws.TypeOf<AslUnsupportedException>().With.Message.Contain("Nowhere"));

    [Test]
    public void Parse_RefusesStateWithBothNextAndEnd() =>
        Assert.That(
            () => AslDefinition.Parse(Machine("""
                "A":{"Type":"Pass","Next":"A","End":true}
                """)),
            Throws.TypeOf<AslUnsupportedException>());

    [Test]
    public void Render_ReplacesPlaceholders_AndRefusesUnknownOnes()
    {
        Assert.That(AslDefinition.Render("""{"a":${x},"b":"${y}"}""", new Dictionary<string, string> { ["x"] = "5", ["y"] = "arn" }), Is.EqualTo("""{"a":5,"b":"arn"}"""));
        Assert.That(() => AslDefinition.Render("${missing}", new Dictionary<string, string>()), Throws.TypeOf<AslUnsupportedException>().With.Message.Contain("missing"));
    }

    [Test]
    public void Runner_RefusesResourcesWithoutHandler()
    {
        var definition = AslDefinition.Parse(Machine("""
            "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true}
            """));

        Assert.That(
            () => new LocalStateMachineRunner(definition, new Dictionary<string, Func<System.Text.Json.Nodes.JsonNode?, CancellationToken, Task<System.Text.Json.Nodes.JsonNode?>>>(), TimeProvider.System),
            Throws.TypeOf<AslUnsupportedException>().With.Message.Contain("function:f"));
    }

    [Test]
    public void Load_TheProductDefinition_WithItsPlaceholders()
    {
        var definition = AslDefinition.Load(
            TestPaths.InRepository("statemachines", "enrichment.asl.json"),
            new Dictionary<string, string>
            {
                ["execution_timeout_seconds"] = "3600",
                ["check_completion_function_arn"] = "check",
                ["aggregate_function_arn"] = "aggregate",
                ["webhook_function_arn"] = "webhook",
                ["max_polls_per_execution"] = "1000",
            });

        Assert.That(definition.StartAt, Is.EqualTo("WaitForBatches"));
        Assert.That(definition.TimeoutSeconds, Is.EqualTo(3600));
        Assert.That(definition.States.Keys, Is.SupersetOf(new[] { "CheckCompletion", "IsComplete", "Aggregate", "MarkFailed", "Failed", "Done", "ContinueAsNew", "ContinuedAsNew", "Notify", "NotifyFailure" }));
    }
}
