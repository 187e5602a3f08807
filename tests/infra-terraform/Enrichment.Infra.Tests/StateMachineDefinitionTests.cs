using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Infra.Tests.Support;
using Enrichment.Testing;

namespace Enrichment.Infra.Tests;

/// <summary>statemachines/enrichment.asl.json as Terraform renders it: every placeholder filled, every Task a function the stack creates.</summary>
[TestFixture]
public sealed partial class StateMachineDefinitionTests
{
    private PlannedStacks _plans = null!;

    [OneTimeSetUp]
    public async Task PlanAsync() => _plans = await PlannedStacks.GetAsync();

    [Test]
    public void EveryTaskPlaceholder_IsAFunctionTheRootModuleCreates()
    {
        var template = File.ReadAllText(TestPaths.InRepository("statemachines", "enrichment.asl.json"));
        var taskPlaceholders = TaskResourcePlaceholders(template);
        var rootModule = File.ReadAllText(TestPaths.InRepository("infra-terraform", "main.tf"));
        var functionNames = TerraformResource.OfType(_plans.Dev, "aws_lambda_function").Select(f => f.Text("function_name")).ToHashSet();

        Assert.That(taskPlaceholders, Is.EquivalentTo(new[] { "check_completion_function_arn", "aggregate_function_arn", "webhook_function_arn" }));
        Assert.Multiple(() =>
        {
            foreach (var placeholder in taskPlaceholders)
            {
                // The root module maps the placeholder to local.function_arn["<function>"]; that function must be planned.
                var mapping = Regex.Match(rootModule, placeholder + @"\s*=\s*local\.function_arn\[""(?<fn>[^""]+)""\]");
                Assert.That(mapping.Success, Is.True, $"{placeholder} is not mapped to a function in main.tf");
                Assert.That(functionNames, Does.Contain("enrichment-dev-" + mapping.Groups["fn"].Value), placeholder);
            }
        });
    }

    [Test]
    public void RenderedDefinition_HasNoPlaceholderLeft_AndTasksInvokePlannedFunctions()
    {
        var definition = RenderedDefinition(_plans.Dev);
        var functionArns = TerraformResource.OfType(_plans.Dev, "aws_lambda_function")
            .Select(f => "arn:aws:lambda:us-east-1:123456789012:function:" + f.Text("function_name")).ToHashSet();

        Assert.That(definition, Does.Not.Contain("${"));
        using var asl = JsonDocument.Parse(definition);
        var taskResources = asl.RootElement.GetProperty("States").EnumerateObject()
            .Where(s => s.Value.GetProperty("Type").GetString() == "Task")
            .Select(s => s.Value.GetProperty("Resource").GetString())
            .ToList();

        Assert.That(taskResources, Has.Count.EqualTo(6));
        Assert.That(taskResources.Where(r => r != StartExecution).Distinct(), Is.SubsetOf(functionArns));
        Assert.That(taskResources.Count(r => r == StartExecution), Is.EqualTo(1), "the continue-as-new state");
    }

    [Test]
    public void RenderedDefinition_ContinuesAsNewAfterTheConfiguredPolls()
    {
        using var asl = JsonDocument.Parse(RenderedDefinition(_plans.Dev));
        var states = asl.RootElement.GetProperty("States");
        var bound = states.GetProperty("IsComplete").GetProperty("Choices").EnumerateArray()
            .Single(c => c.GetProperty("Next").GetString() == "ContinueAsNew");

        Assert.That(bound.GetProperty("Variable").GetString(), Is.EqualTo("$.polls"));
        Assert.That(bound.GetProperty("NumericGreaterThanEquals").GetInt32(), Is.EqualTo(1000));
        Assert.That(states.GetProperty("ContinueAsNew").GetProperty("Parameters").GetProperty("StateMachineArn.$").GetString(), Is.EqualTo("$$.StateMachine.Id"));
    }

    [Test]
    public void RenderedDefinition_NotifiesAfterBothEnds_AndNeverTurnsAnEndIntoAnother()
    {
        using var asl = JsonDocument.Parse(RenderedDefinition(_plans.Dev));
        var states = asl.RootElement.GetProperty("States");
        var webhookArn = "arn:aws:lambda:us-east-1:123456789012:function:enrichment-dev-webhook";

        Assert.Multiple(() =>
        {
            foreach (var (notify, after, end) in new[] { ("Notify", "Aggregate", "Done"), ("NotifyFailure", "MarkFailed", "Failed") })
            {
                var state = states.GetProperty(notify);
                Assert.That(states.GetProperty(after).GetProperty("Next").GetString(), Is.EqualTo(notify));
                Assert.That(state.GetProperty("Resource").GetString(), Is.EqualTo(webhookArn), notify);
                Assert.That(state.GetProperty("Next").GetString(), Is.EqualTo(end), notify);
                Assert.That(state.GetProperty("ResultPath").ValueKind, Is.EqualTo(JsonValueKind.Null), $"{notify} keeps the end's output");
                var catcher = state.GetProperty("Catch").EnumerateArray().Single();
                Assert.That(catcher.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "States.ALL" }), notify);
                Assert.That(catcher.GetProperty("Next").GetString(), Is.EqualTo(end), $"{notify}'s failure goes on to the same end");
            }
        });
    }

    [Test]
    public void RenderedDefinition_BoundsEachExecution()
    {
        using var asl = JsonDocument.Parse(RenderedDefinition(_plans.Dev));

        Assert.That(asl.RootElement.GetProperty("TimeoutSeconds").GetInt32(), Is.EqualTo(86400));
    }

    [Test]
    public void StateMachine_LogsWithoutExecutionData_AndTracingIsOffByDefault()
    {
        var machine = TerraformResource.OfType(_plans.Dev, "aws_sfn_state_machine").Single();
        var logging = machine.Get("logging_configuration")[0];

        Assert.Multiple(() =>
        {
            Assert.That(logging.GetProperty("include_execution_data").GetBoolean(), Is.False);
            Assert.That(logging.GetProperty("level").GetString(), Is.EqualTo("ALL"));
            Assert.That(machine.Get("tracing_configuration")[0].GetProperty("enabled").GetBoolean(), Is.False);
        });
    }

    internal static IReadOnlyList<string> TaskResourcePlaceholders(string template) =>
        TaskResource().Matches(template).Select(m => m.Groups["name"].Value).Distinct().ToList();

    private const string StartExecution = "arn:aws:states:::states:startExecution";

    private static string RenderedDefinition(JsonDocument plan) =>
        TerraformResource.OfType(plan, "aws_sfn_state_machine").Single().Text("definition")
            ?? throw new AssertionException("The state machine definition is not known at plan time.");

    [GeneratedRegex("""
        "Resource"\s*:\s*"\$\{(?<name>[a-z_]+)\}"
        """)]
    private static partial Regex TaskResource();
}
