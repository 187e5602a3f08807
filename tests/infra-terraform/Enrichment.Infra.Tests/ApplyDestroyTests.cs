using System.Text.Json;
using Enrichment.Infra.Tests.Support;

namespace Enrichment.Infra.Tests;

/// <summary>
/// The whole root module applied to moto (with PLACEHOLDER function zips: moto stores Lambda code without running
/// it), read back from the state, then destroyed. One apply for the fixture: SQS queues take ~25 s each on moto.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ApplyDestroyTests
{
    private StackCopy _copy = null!;
    private StepFunctionsGapProxy _proxy = null!;
    private CommandResult _apply = null!;
    private JsonDocument? _state;
    private JsonDocument? _outputs;
    private bool _destroyed;

    [OneTimeSetUp]
    public async Task ApplyAsync()
    {
        var (moto, proxy) = await SharedEmulator.GetAsync();
        _proxy = proxy;
        _copy = StackCopy.Create();
        _copy.WriteEmulatorOverride(moto.Endpoint, proxy.Endpoint);
        await _copy.InitAsync();
        _apply = await _copy.TerraformAsync(
            TimeSpan.FromMinutes(6),
            "apply", "-input=false", "-no-color", "-auto-approve", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + _copy.ArtifactsDirectory);
        if (_apply.Succeeded)
        {
            _state = JsonDocument.Parse((await _copy.TerraformOrFailAsync(TimeSpan.FromMinutes(2), "show", "-json")).StandardOutput);
            _outputs = JsonDocument.Parse((await _copy.TerraformOrFailAsync(TimeSpan.FromMinutes(1), "output", "-json")).StandardOutput);
        }
    }

    [OneTimeTearDown]
    public async Task CleanUpAsync()
    {
        if (_apply is not null && !_destroyed)
        {
            await _copy.TerraformAsync(TimeSpan.FromMinutes(5), "destroy", "-input=false", "-no-color", "-auto-approve", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + _copy.ArtifactsDirectory);
        }

        _state?.Dispose();
        _outputs?.Dispose();
        _copy?.Dispose();
    }

    [Test]
    [Order(1)]
    public void Apply_CreatesTheWholeStack()
    {
        Assert.That(_apply.ExitCode, Is.Zero, _apply.Describe());
        var counts = TerraformResource.All(State).GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count());

        Assert.Multiple(() =>
        {
            Assert.That(counts["aws_lambda_function"], Is.EqualTo(6), "api, split, worker, check-completion, aggregate, webhook");
            Assert.That(counts["aws_iam_role"], Is.EqualTo(7), "one per function and the state machine's");
            Assert.That(counts["aws_sqs_queue"], Is.EqualTo(2));
            Assert.That(counts["aws_dynamodb_table"], Is.EqualTo(1));
            Assert.That(counts["aws_s3_bucket"], Is.EqualTo(1));
            Assert.That(counts["aws_sfn_state_machine"], Is.EqualTo(1));
            Assert.That(counts["aws_apigatewayv2_route"], Is.EqualTo(16), "11 API routes, the web page's 4 public routes (/, /app.js, /app.css, /js/{module}) and /openapi.json");
            Assert.That(counts["aws_lambda_event_source_mapping"], Is.EqualTo(2));
            Assert.That(counts["aws_cloudwatch_metric_alarm"], Is.EqualTo(4));
        });
    }

    [Test]
    [Order(2)]
    public void Outputs_NameEveryEntryPoint()
    {
        var outputs = Outputs.RootElement;
        string Value(string name) => outputs.GetProperty(name).GetProperty("value").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(Value("api_url"), Does.StartWith("http"));
            Assert.That(Value("bucket"), Is.EqualTo("enrichment-dev-123456789012-us-east-1"));
            Assert.That(Value("table"), Is.EqualTo("enrichment-dev-control"));
            Assert.That(Value("queue_url"), Does.EndWith("/enrichment-dev-batches"));
            Assert.That(Value("dlq_url"), Does.EndWith("/enrichment-dev-batches-dlq"));
            Assert.That(Value("state_machine_arn"), Is.EqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:enrichment-dev-poller"));
            Assert.That(outputs.GetProperty("function_names").GetProperty("value").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(PlaceholderArtifacts.FunctionNames));
        });
    }

    [Test]
    [Order(2)]
    public void AppliedStateMachine_InvokesFunctionsTheStackCreated()
    {
        var functionArns = Resources("aws_lambda_function").Select(f => f.Text("arn")).ToHashSet();
        using var asl = JsonDocument.Parse(Resources("aws_sfn_state_machine").Single().Text("definition")!);
        var tasks = asl.RootElement.GetProperty("States").EnumerateObject().Where(s => s.Value.GetProperty("Type").GetString() == "Task").ToList();

        var resources = tasks.Select(t => t.Value.GetProperty("Resource").GetString()).ToList();

        // Every task is a function of the stack, but the one that continues the poller as a new execution of itself.
        Assert.That(resources.Where(r => r != "arn:aws:states:::states:startExecution").Distinct(), Is.SubsetOf(functionArns));
        Assert.That(resources.Count(r => r == "arn:aws:states:::states:startExecution"), Is.EqualTo(1));
        // moto lacks ListStateMachineVersions; the provider calls it after create and the proxy answered it.
        Assert.That(_proxy.AnsweredCount("ListStateMachineVersions"), Is.GreaterThan(0));
    }

    [Test]
    [Order(2)]
    public void MainQueue_RedrivesToTheDeadLetterQueue_AndTheWorkerConsumesBoth()
    {
        var queues = Resources("aws_sqs_queue").ToDictionary(q => q.Text("name")!);
        var main = queues["enrichment-dev-batches"];
        var dlq = queues["enrichment-dev-batches-dlq"];
        using var redrive = JsonDocument.Parse(main.Text("redrive_policy")!);
        var mappings = Resources("aws_lambda_event_source_mapping");
        var worker = Resources("aws_lambda_function").Single(f => f.Text("function_name") == "enrichment-dev-worker");

        Assert.Multiple(() =>
        {
            Assert.That(redrive.RootElement.GetProperty("deadLetterTargetArn").GetString(), Is.EqualTo(dlq.Text("arn")));
            Assert.That(redrive.RootElement.GetProperty("maxReceiveCount").ToString(), Is.EqualTo("5"));
            Assert.That(mappings.Select(m => m.Text("event_source_arn")), Is.EquivalentTo(new[] { main.Text("arn"), dlq.Text("arn") }));
            Assert.That(mappings.Select(m => m.Text("function_arn") ?? m.Text("function_name")), Has.All.EqualTo(worker.Text("arn")));
            Assert.That(mappings.Select(m => m.Get("function_response_types")[0].GetString()), Has.All.EqualTo("ReportBatchItemFailures"));
        });
    }

    [Test]
    [Order(2)]
    public void Split_GivenUp_IsSentToTheDeadLetterQueue()
    {
        var dlq = Resources("aws_sqs_queue").Single(q => q.Text("name") == "enrichment-dev-batches-dlq");
        var config = Resources("aws_lambda_function_event_invoke_config").Single();

        Assert.Multiple(() =>
        {
            Assert.That(config.Text("function_name"), Is.EqualTo("enrichment-dev-split"));
            Assert.That(config.Get("maximum_retry_attempts").GetInt32(), Is.EqualTo(2));
            Assert.That(config.Get("destination_config")[0].GetProperty("on_failure")[0].GetProperty("destination").GetString(), Is.EqualTo(dlq.Text("arn")));
        });
    }

    [Test]
    [Order(2)]
    public void Bucket_IsPrivateTlsOnly_AndStartsSplitOnUploads()
    {
        var block = Resources("aws_s3_bucket_public_access_block").Single();
        var ownership = Resources("aws_s3_bucket_ownership_controls").Single();
        using var policy = JsonDocument.Parse(Resources("aws_s3_bucket_policy").Single().Text("policy")!);
        var notification = Resources("aws_s3_bucket_notification").Single().Get("lambda_function")[0];
        var split = Resources("aws_lambda_function").Single(f => f.Text("function_name") == "enrichment-dev-split");
        var statement = policy.RootElement.GetProperty("Statement")[0];

        Assert.Multiple(() =>
        {
            foreach (var flag in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
            {
                Assert.That(block.Get(flag).GetBoolean(), Is.True, flag);
            }

            Assert.That(ownership.Get("rule")[0].GetProperty("object_ownership").GetString(), Is.EqualTo("BucketOwnerEnforced"));
            Assert.That(statement.GetProperty("Effect").GetString(), Is.EqualTo("Deny"));
            Assert.That(statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").ToString(), Is.EqualTo("false"));
            Assert.That(notification.GetProperty("filter_prefix").GetString(), Is.EqualTo("uploads/"));
            Assert.That(notification.GetProperty("lambda_function_arn").GetString(), Is.EqualTo(split.Text("arn")));
            Assert.That(Resources("aws_lambda_permission").Select(p => p.Text("principal")), Is.EquivalentTo(new[] { "s3.amazonaws.com", "apigateway.amazonaws.com" }));
        });
    }

    [Test]
    [Order(2)]
    public void ControlTable_IsOnDemandWithTtlAndPointInTimeRecovery()
    {
        var table = Resources("aws_dynamodb_table").Single();

        Assert.Multiple(() =>
        {
            Assert.That(table.Text("billing_mode"), Is.EqualTo("PAY_PER_REQUEST"));
            Assert.That(table.Text("hash_key"), Is.EqualTo("pk"));
            Assert.That(table.Text("range_key"), Is.EqualTo("sk"));
            Assert.That(table.Get("ttl")[0].GetProperty("attribute_name").GetString(), Is.EqualTo("expiresAt"));
            Assert.That(table.Get("ttl")[0].GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(table.Get("point_in_time_recovery")[0].GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That(table.Get("server_side_encryption")[0].GetProperty("enabled").GetBoolean(), Is.True);
        });
    }

    [Test]
    [Order(2)]
    public void ApiStage_ThrottlesAndWritesAccessLogs()
    {
        var stage = Resources("aws_apigatewayv2_stage").Single();
        var accessLogs = Resources("aws_cloudwatch_log_group").Single(g => g.Text("name") == "/aws/apigateway/enrichment-dev-api");

        Assert.Multiple(() =>
        {
            Assert.That(stage.Text("name"), Is.EqualTo("$default"));
            Assert.That(stage.Get("default_route_settings")[0].GetProperty("throttling_burst_limit").GetInt32(), Is.EqualTo(100));
            Assert.That(stage.Get("access_log_settings")[0].GetProperty("destination_arn").GetString(), Is.EqualTo(accessLogs.Text("arn")));
            Assert.That(accessLogs.Get("retention_in_days").GetInt32(), Is.EqualTo(7));
        });
    }

    [Test]
    [Order(100)]
    public async Task Destroy_RemovesEverything()
    {
        Assert.That(_apply.ExitCode, Is.Zero, "apply failed, nothing to destroy:\n" + _apply.Describe());

        // -refresh=false: the state was read back moments ago, and re-reading 60 resources from moto is slow.
        var destroy = await _copy.TerraformAsync(
            TimeSpan.FromMinutes(5),
            "destroy", "-input=false", "-no-color", "-auto-approve", "-refresh=false", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + _copy.ArtifactsDirectory);
        _destroyed = destroy.Succeeded;
        var remaining = await _copy.TerraformAsync(TimeSpan.FromMinutes(1), "state", "list");

        Assert.That(destroy.ExitCode, Is.Zero, destroy.Describe());
        Assert.That(remaining.StandardOutput.Trim(), Is.Empty);
    }

    private JsonDocument State => _state ?? throw new AssertionException("apply failed:\n" + _apply.Describe());

    private JsonDocument Outputs => _outputs ?? throw new AssertionException("apply failed:\n" + _apply.Describe());

    private IReadOnlyList<TerraformResource> Resources(string type) => TerraformResource.OfType(State, type);
}
