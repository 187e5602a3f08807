using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Infra.Tests.Support;

namespace Enrichment.Infra.Tests;

/// <summary>
/// Least privilege, read from the plan (`terraform plan -out` + `terraform show -json`): every inline role policy
/// is known at plan time, names its actions and resources, and each function gets only what it uses.
/// </summary>
[TestFixture]
public sealed partial class PlannedPolicyTests
{
    /// <summary>
    /// Actions with no resource-level permissions in IAM: the only ones allowed on Resource "*". Log delivery
    /// setup (Step Functions logging), X-Ray trace upload, and CloudWatch custom metrics.
    /// </summary>
    private static readonly HashSet<string> ActionsWithoutResourceLevelSupport = new(StringComparer.Ordinal)
    {
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "cloudwatch:PutMetricData",
    };

    private PlannedStacks _plans = null!;

    [OneTimeSetUp]
    public async Task PlanAsync() => _plans = await PlannedStacks.GetAsync();

    [Test]
    public void EveryRolePolicy_IsKnownAtPlanTime()
    {
        foreach (var (name, plan) in _plans.Both)
        {
            var policies = TerraformResource.OfType(plan, "aws_iam_role_policy");

            // 5 functions x (logs + access) + the state machine's.
            Assert.That(policies, Has.Count.EqualTo(11), name);
            Assert.That(policies.Where(p => string.IsNullOrEmpty(p.Text("policy"))).Select(p => p.Address), Is.Empty, name);
        }
    }

    [Test]
    public void NoAllowStatement_GrantsAWildcardAction()
    {
        var wildcards = AllStatements()
            .Where(s => s.Effect == "Allow")
            .SelectMany(s => s.Actions.Where(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal) || a.Contains('*', StringComparison.Ordinal)).Select(a => $"{s.Policy}/{s.Sid}: {a}"))
            .ToList();

        Assert.That(wildcards, Is.Empty);
    }

    [Test]
    public void ResourceWildcard_IsOnlyUsedForActionsWithoutResourceLevelPermissions()
    {
        var offenders = AllStatements()
            .Where(s => s.Effect == "Allow" && s.Resources.Contains("*"))
            .SelectMany(s => s.Actions.Where(a => !ActionsWithoutResourceLevelSupport.Contains(a)).Select(a => $"{s.Policy}/{s.Sid}: {a} on *"))
            .ToList();

        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void NoStatement_UsesNotActionOrNotResource()
    {
        Assert.That(AllStatements().Where(s => s.HasNegation).Select(s => $"{s.Policy}/{s.Sid}"), Is.Empty);
    }

    [Test]
    public void EachFunctionRole_WritesLogsOnlyToItsOwnLogGroup()
    {
        var logs = FunctionPolicies(_plans.Dev, "logs");

        Assert.That(logs.Keys, Is.EquivalentTo(PlaceholderArtifacts.FunctionNames));
        Assert.Multiple(() =>
        {
            foreach (var (function, statements) in logs)
            {
                var statement = statements.Single();
                Assert.That(statement.Actions, Is.EquivalentTo(new[] { "logs:CreateLogStream", "logs:PutLogEvents" }), function);
                Assert.That(statement.Resources.Single(), Does.Match($@"^arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/enrichment-dev-{function}:\*$"), function);
            }
        });
    }

    [Test]
    public void CheckCompletion_TouchesOnlyTheControlTable()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["check-completion"];

        Assert.Multiple(() =>
        {
            Assert.That(statements.SelectMany(s => s.Actions), Has.All.StartsWith("dynamodb:"));
            Assert.That(statements.SelectMany(s => s.Resources).Distinct(), Is.EqualTo(new[] { TableArn }));
            Assert.That(statements.SelectMany(s => s.Actions), Does.Not.Contain("dynamodb:DeleteItem").And.Not.Contain("dynamodb:Scan"));
        });
    }

    [Test]
    public void Worker_ConsumesBothQueues_AndSendsToNone()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["worker"];
        var sqs = statements.Where(s => s.Actions.Any(a => a.StartsWith("sqs:", StringComparison.Ordinal))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sqs.SelectMany(s => s.Actions), Is.EquivalentTo(new[] { "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility" }));
            Assert.That(sqs.SelectMany(s => s.Resources), Is.EquivalentTo(new[] { QueueArn, QueueArn + "-dlq" }));
            Assert.That(statements.SelectMany(s => s.Actions), Has.None.StartsWith("states:"));
            Assert.That(statements.SelectMany(s => s.Resources).Where(r => r.Contains(":s3:", StringComparison.Ordinal)), Has.All.EqualTo(BucketArn + "/jobs/*"));
        });
    }

    [Test]
    public void Api_ListsOnlyTheJobsPrefix_AndSignsUploadsWithPutOnly()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["api"];
        var list = statements.Single(s => s.Actions.Contains("s3:ListBucket"));
        var uploads = statements.Where(s => s.Resources.Contains(BucketArn + "/uploads/*")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(list.Resources, Is.EqualTo(new[] { BucketArn }));
            Assert.That(list.Condition?.GetProperty("StringLike").GetProperty("s3:prefix").ToString(), Does.Contain("jobs/*"));
            Assert.That(uploads.SelectMany(s => s.Actions), Is.EqualTo(new[] { "s3:PutObject" }));
            Assert.That(statements.Single(s => s.Actions.Contains("states:StartExecution")).Resources, Is.EqualTo(new[] { StateMachineArn }));
            Assert.That(statements.Single(s => s.Actions.Contains("sqs:SendMessage")).Resources, Is.EqualTo(new[] { QueueArn }));
        });
    }

    [Test]
    public void Split_ReadsUploads_AndWritesOnlyUnderJobs()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["split"];
        var s3 = statements.Where(s => s.Actions.Any(a => a.StartsWith("s3:", StringComparison.Ordinal))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(s3.Where(s => s.Resources.Contains(BucketArn + "/uploads/*")).SelectMany(s => s.Actions), Is.EqualTo(new[] { "s3:GetObject" }));
            Assert.That(s3.Where(s => s.Actions.Contains("s3:PutObject")).SelectMany(s => s.Resources), Is.EqualTo(new[] { BucketArn + "/jobs/*" }));
        });
    }

    [Test]
    public void KmsPermissions_AppearOnlyWithAKey_AndOnlyOnThatKey()
    {
        var devKms = Statements(_plans.Dev).Where(s => s.Actions.Any(a => a.StartsWith("kms:", StringComparison.Ordinal))).ToList();
        var prodKms = Statements(_plans.ProdWithKms).Where(s => s.Actions.Any(a => a.StartsWith("kms:", StringComparison.Ordinal))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(devKms, Is.Empty);
            // api, split, worker and aggregate encrypt or decrypt objects and messages; check-completion does not.
            Assert.That(prodKms.Select(s => s.Policy).Distinct().Count(), Is.EqualTo(4));
            Assert.That(prodKms.SelectMany(s => s.Resources).Distinct(), Is.EqualTo(new[] { PlannedStacks.TestKmsKeyArn }));
            Assert.That(prodKms.Where(s => s.Policy.Contains("check-completion", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public void StateMachineRole_InvokesOnlyTheTwoTaskFunctions()
    {
        var policy = TerraformResource.OfType(_plans.Dev, "aws_iam_role_policy").Single(p => p.Address.StartsWith("module.state_machine", StringComparison.Ordinal));
        var invoke = IamStatement.Parse(policy.Address, policy.Text("policy")!).Single(s => s.Actions.Contains("lambda:InvokeFunction"));
        const string Prefix = "arn:aws:lambda:us-east-1:123456789012:function:enrichment-dev-";

        Assert.Multiple(() =>
        {
            Assert.That(invoke.Actions, Is.EqualTo(new[] { "lambda:InvokeFunction" }));
            Assert.That(invoke.Resources, Is.EquivalentTo(new[]
            {
                Prefix + "check-completion", Prefix + "check-completion:*",
                Prefix + "aggregate", Prefix + "aggregate:*",
            }));
        });
    }

    private const string TableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/enrichment-dev-control";
    private const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches";
    private const string BucketArn = "arn:aws:s3:::enrichment-dev-123456789012-us-east-1";
    private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:enrichment-dev-poller";

    private IEnumerable<IamStatement> AllStatements() => _plans.Both.SelectMany(p => Statements(p.Plan));

    private static IEnumerable<IamStatement> Statements(JsonDocument plan) =>
        TerraformResource.OfType(plan, "aws_iam_role_policy").SelectMany(p => IamStatement.Parse(p.Address, p.Text("policy")!));

    private static Dictionary<string, IReadOnlyList<IamStatement>> FunctionPolicies(JsonDocument plan, string policyName) =>
        TerraformResource.OfType(plan, "aws_iam_role_policy")
            .Where(p => p.Address.EndsWith(".aws_iam_role_policy." + policyName, StringComparison.Ordinal) && FunctionKey().IsMatch(p.Address))
            .ToDictionary(p => FunctionKey().Match(p.Address).Groups[1].Value, p => IamStatement.Parse(p.Address, p.Text("policy")!));

    [GeneratedRegex("""^module\.function\["([^"]+)"\]""")]
    private static partial Regex FunctionKey();
}
