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

            // 6 functions x (logs + access) + the state machine's.
            Assert.That(policies, Has.Count.EqualTo(13), name);
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
    public void Webhook_ReadsTheJobAndUpdatesItsItem_AndTouchesNothingElse()
    {
        foreach (var (name, plan) in _plans.Both)
        {
            var statements = FunctionPolicies(plan, "access")["webhook"];

            Assert.Multiple(() =>
            {
                Assert.That(statements.SelectMany(s => s.Actions), Is.EquivalentTo(new[] { "dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem" }), name);
                Assert.That(statements.SelectMany(s => s.Resources).Distinct().Single(), Does.Match("^arn:aws:dynamodb:[a-z0-9-]+:[0-9]+:table/enrichment-(dev|prod)-control$"), name);
                Assert.That(statements.Select(s => s.Condition), Has.All.Null, name);
            });
        }
    }

    [Test]
    public void Worker_ConsumesBothQueues_SendsToNone_AndOnlyReadsUploadedLists()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["worker"];
        var sqs = statements.Where(s => s.Actions.Any(a => a.StartsWith("sqs:", StringComparison.Ordinal))).ToList();
        var uploads = statements.Where(s => s.Resources.Contains(BucketArn + "/uploads/*")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sqs.SelectMany(s => s.Actions), Is.EquivalentTo(new[] { "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility" }));
            Assert.That(sqs.SelectMany(s => s.Resources), Is.EquivalentTo(new[] { QueueArn, QueueArn + "-dlq" }));
            Assert.That(statements.SelectMany(s => s.Actions), Has.None.StartsWith("states:"));
            Assert.That(statements.SelectMany(s => s.Resources).Where(r => r.Contains(":s3:", StringComparison.Ordinal)), Is.SubsetOf(new[] { BucketArn + "/jobs/*", BucketArn + "/uploads/*" }));

            // A CSV list's batch names a range of the uploaded list: the worker reads it, and may do nothing else there.
            Assert.That(uploads.SelectMany(s => s.Actions), Is.EqualTo(new[] { "s3:GetObject" }));
        });
    }

    [Test]
    public void Api_ListsOnlyTheJobsPrefix_SignsUploads_AndOnlyReadsUploadedLists()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["api"];
        var list = statements.Single(s => s.Actions.Contains("s3:ListBucket"));
        var uploads = statements.Where(s => s.Resources.Contains(BucketArn + "/uploads/*")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(list.Resources, Is.EqualTo(new[] { BucketArn }));
            Assert.That(list.Condition?.GetProperty("StringLike").GetProperty("s3:prefix").ToString(), Does.Contain("jobs/*"));
            Assert.That(uploads.SelectMany(s => s.Actions), Is.EquivalentTo(new[] { "s3:PutObject", "s3:GetObject" }), "signs upload links; reads an uploaded list to plan a failed batch again");
            Assert.That(statements.Single(s => s.Actions.Contains("states:StartExecution")).Resources, Is.EqualTo(new[] { StateMachineArn }));
            Assert.That(statements.Single(s => s.Actions.Contains("sqs:SendMessage")).Resources, Is.EqualTo(new[] { QueueArn }));
        });
    }

    [Test]
    public void Split_ReadsUploadsAndMayDeleteThem_AndWritesOnlyUnderJobs()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["split"];
        var s3 = statements.Where(s => s.Actions.Any(a => a.StartsWith("s3:", StringComparison.Ordinal))).ToList();

        Assert.Multiple(() =>
        {
            // A dry run's upload is deleted once estimated; the split never writes there.
            Assert.That(s3.Where(s => s.Resources.Contains(BucketArn + "/uploads/*")).SelectMany(s => s.Actions), Is.EqualTo(new[] { "s3:GetObject", "s3:DeleteObject" }));
            Assert.That(s3.Where(s => s.Actions.Contains("s3:PutObject")).SelectMany(s => s.Resources), Is.EqualTo(new[] { BucketArn + "/jobs/*" }));
            Assert.That(s3.Single(s => s.Actions.Contains("s3:ListBucket")).Condition?.GetProperty("StringLike").GetProperty("s3:prefix").ToString(), Does.Contain("jobs/*"));
            Assert.That(s3.SelectMany(s => s.Actions), Does.Not.Contain("s3:AbortMultipartUpload"));
        });
    }

    [Test]
    public void Aggregate_WritesOnlyUnderJobs_AndOnlyReadsUploadedLists()
    {
        var statements = FunctionPolicies(_plans.Dev, "access")["aggregate"];
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
        // The worker's decrypt of provider API keys has its own tests below.
        var devKms = Statements(_plans.Dev).Where(s => s.Sid != DecryptProviderKeys && s.Actions.Any(a => a.StartsWith("kms:", StringComparison.Ordinal))).ToList();
        var prodKms = Statements(_plans.ProdWithKms).Where(s => s.Sid != DecryptProviderKeys && s.Actions.Any(a => a.StartsWith("kms:", StringComparison.Ordinal))).ToList();

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
    public void Worker_ReadsItsOwnProviderParameters_AndNoOthers()
    {
        foreach (var (name, plan, prefix) in new[] { ("dev", _plans.Dev, "enrichment-dev"), ("prod+kms", _plans.ProdWithKms, "enrichment-prod") })
        {
            var ssm = FunctionPolicies(plan, "access")["worker"].Where(s => s.Actions.Any(a => a.StartsWith("ssm:", StringComparison.Ordinal))).ToList();
            var granted = ssm.SelectMany(s => s.Resources).ToList();
            var own = $"{ParameterArnPrefix}/{prefix}/providers/";

            Assert.Multiple(() =>
            {
                Assert.That(ssm, Has.Count.EqualTo(1), name);
                Assert.That(ssm.SelectMany(s => s.Actions), Is.EquivalentTo(new[] { "ssm:GetParameter", "ssm:GetParameters" }), name);
                Assert.That(ssm.Single().Condition, Is.Null, name);
                Assert.That(granted, Is.EqualTo(new[] { own + "*" }), name);
                Assert.That(Grants(granted, own + "example-person-api/api-key"), Is.True, name + ": its own key");
                foreach (var foreign in new[]
                {
                    $"{ParameterArnPrefix}/{(prefix == "enrichment-dev" ? "enrichment-prod" : "enrichment-dev")}/providers/example-person-api/api-key",
                    $"{ParameterArnPrefix}/{prefix}/providers-other/api-key",
                    $"{ParameterArnPrefix}/{prefix}/database/password",
                    $"{ParameterArnPrefix}/other-app/providers/api-key",
                    $"{ParameterArnPrefix}/example-person-api/api-key",
                    "arn:aws:ssm:eu-west-1:123456789012:parameter/" + prefix + "/providers/example-person-api/api-key",
                })
                {
                    Assert.That(Grants(granted, foreign), Is.False, $"{name}: {foreign}");
                }
            });
        }
    }

    [Test]
    public void Worker_DecryptsProviderKeysOnlyThroughSsm_AndOnlyForItsOwnParameters()
    {
        var ssmDefaultKey = TerraformResource.DataSourcesOf(_plans.Dev, "aws_kms_key").Single();
        foreach (var (name, plan, prefix, key) in new[]
        {
            ("dev", _plans.Dev, "enrichment-dev", ssmDefaultKey.Text("arn")),
            ("prod+kms", _plans.ProdWithKms, "enrichment-prod", PlannedStacks.TestProviderKeysKmsKeyArn),
        })
        {
            var decrypt = FunctionPolicies(plan, "access")["worker"].Single(s => s.Sid == DecryptProviderKeys);
            var condition = decrypt.Condition!.Value;

            Assert.Multiple(() =>
            {
                Assert.That(decrypt.Effect, Is.EqualTo("Allow"), name);
                Assert.That(decrypt.Actions, Is.EqualTo(new[] { "kms:Decrypt" }), name);
                Assert.That(decrypt.Resources, Is.EqualTo(new[] { key }), name);
                Assert.That(ConditionValues(condition, "StringEquals", "kms:ViaService"), Is.EqualTo(new[] { "ssm.us-east-1.amazonaws.com" }), name);
                Assert.That(ConditionValues(condition, "StringLike", "kms:EncryptionContext:PARAMETER_ARN"), Is.EqualTo(new[] { $"{ParameterArnPrefix}/{prefix}/providers/*" }), name);
            });
        }

        Assert.Multiple(() =>
        {
            // Without a customer key the grant names Parameter Store's AWS managed key, looked up by its alias.
            Assert.That(ssmDefaultKey.Text("key_id"), Is.EqualTo("alias/aws/ssm"));
            Assert.That(ssmDefaultKey.Text("arn"), Does.Match("^arn:aws:kms:us-east-1:123456789012:key/.+$"));
            Assert.That(TerraformResource.DataSourcesOf(_plans.ProdWithKms, "aws_kms_key"), Is.Empty, "with a customer key the AWS managed key is not looked up");
        });
    }

    [Test]
    public void NoRoleButTheWorkers_HasSsmActionsOrDecryptsThroughSsm()
    {
        foreach (var (name, plan) in _plans.Both)
        {
            var statements = Statements(plan).ToList();
            var ssm = statements.Where(s => s.Actions.Any(a => a.StartsWith("ssm:", StringComparison.OrdinalIgnoreCase))).Select(s => s.Policy).Distinct();
            var viaSsm = statements.Where(s => s.Condition?.ToString().Contains("ssm.", StringComparison.Ordinal) == true).Select(s => s.Policy).Distinct();
            var worker = """module.function["worker"].aws_iam_role_policy.access""";

            Assert.Multiple(() =>
            {
                Assert.That(ssm, Is.EqualTo(new[] { worker }), name);
                Assert.That(viaSsm, Is.EqualTo(new[] { worker }), name);
            });
        }
    }

    [Test]
    public void Worker_ReadsAndWritesProviderAnswersInBatches_OnlyInTheControlTable()
    {
        var access = FunctionPolicies(_plans.Dev, "access");
        var batchGet = access.Where(p => p.Value.Any(s => s.Actions.Contains("dynamodb:BatchGetItem"))).Select(p => p.Key);
        var workerTable = access["worker"].Where(s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(batchGet, Is.EqualTo(new[] { "worker" }));
            Assert.That(workerTable.SelectMany(s => s.Actions), Does.Contain("dynamodb:BatchWriteItem").And.Not.Contain("dynamodb:DeleteItem").And.Not.Contain("dynamodb:Scan"));
            Assert.That(workerTable.SelectMany(s => s.Resources).Distinct(), Is.EqualTo(new[] { TableArn }));
        });
    }

    [Test]
    public void StateMachineRole_InvokesOnlyTheThreeTaskFunctions()
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
                Prefix + "webhook", Prefix + "webhook:*",
            }));
        });
    }

    [Test]
    public void StateMachineRole_StartsExecutionsOfItselfOnly_ToContinueAsNew()
    {
        var policy = TerraformResource.OfType(_plans.Dev, "aws_iam_role_policy").Single(p => p.Address.StartsWith("module.state_machine", StringComparison.Ordinal));
        var start = IamStatement.Parse(policy.Address, policy.Text("policy")!).Where(s => s.Actions.Any(a => a.StartsWith("states:", StringComparison.Ordinal))).ToList();
        var machine = TerraformResource.OfType(_plans.Dev, "aws_sfn_state_machine").Single();

        Assert.That(start, Has.Count.EqualTo(1));
        Assert.That(start[0].Actions, Is.EqualTo(new[] { "states:StartExecution" }));
        Assert.That(start[0].Resources, Is.EqualTo(new[] { StateMachineArn }));
        Assert.That(":stateMachine:" + machine.Text("name"), Is.EqualTo(StateMachineArn[StateMachineArn.LastIndexOf(":stateMachine:", StringComparison.Ordinal)..]), "the granted ARN is the planned machine's own");
    }

    [Test]
    public void Split_GivenUpAfterTwoRetries_GoesToTheDeadLetterQueue_WhichItsRoleMaySendTo()
    {
        var config = TerraformResource.OfType(_plans.Dev, "aws_lambda_function_event_invoke_config").Single();
        var onFailure = config.Get("destination_config")[0].GetProperty("on_failure")[0].GetProperty("destination").GetString();
        var toDeadLetters = FunctionPolicies(_plans.Dev, "access")["split"].Where(s => s.Resources.Contains(QueueArn + "-dlq")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(config.Text("function_name"), Is.EqualTo("enrichment-dev-split"));
            Assert.That(config.Get("maximum_retry_attempts").GetInt32(), Is.EqualTo(2));
            Assert.That(onFailure, Is.EqualTo(QueueArn + "-dlq"));
            Assert.That(toDeadLetters.SelectMany(s => s.Actions), Is.EqualTo(new[] { "sqs:SendMessage" }));
            Assert.That(toDeadLetters.Single().Resources, Is.EqualTo(new[] { QueueArn + "-dlq" }));
        });
    }

    private const string TableArn = "arn:aws:dynamodb:us-east-1:123456789012:table/enrichment-dev-control";
    private const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches";
    private const string BucketArn = "arn:aws:s3:::enrichment-dev-123456789012-us-east-1";
    private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:enrichment-dev-poller";
    private const string ParameterArnPrefix = "arn:aws:ssm:us-east-1:123456789012:parameter";
    private const string DecryptProviderKeys = "DecryptProviderKeys";

    private IEnumerable<IamStatement> AllStatements() => _plans.Both.SelectMany(p => Statements(p.Plan));

    private static IEnumerable<IamStatement> Statements(JsonDocument plan) =>
        TerraformResource.OfType(plan, "aws_iam_role_policy").SelectMany(p => IamStatement.Parse(p.Address, p.Text("policy")!));

    private static Dictionary<string, IReadOnlyList<IamStatement>> FunctionPolicies(JsonDocument plan, string policyName) =>
        TerraformResource.OfType(plan, "aws_iam_role_policy")
            .Where(p => p.Address.EndsWith(".aws_iam_role_policy." + policyName, StringComparison.Ordinal) && FunctionKey().IsMatch(p.Address))
            .ToDictionary(p => FunctionKey().Match(p.Address).Groups[1].Value, p => IamStatement.Parse(p.Address, p.Text("policy")!));

    /// <summary>Whether any granted resource pattern matches <paramref name="arn"/> the way IAM matches: '*' is any run of characters, '?' one.</summary>
    private static bool Grants(IEnumerable<string> patterns, string arn) =>
        patterns.Any(p => Regex.IsMatch(arn, "^" + Regex.Escape(p).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1)));

    private static string[] ConditionValues(JsonElement condition, string test, string key)
    {
        var values = condition.GetProperty(test).GetProperty(key);
        return values.ValueKind == JsonValueKind.Array ? values.EnumerateArray().Select(v => v.GetString()!).ToArray() : [values.GetString()!];
    }

    [GeneratedRegex("""^module\.function\["([^"]+)"\]""")]
    private static partial Regex FunctionKey();
}
