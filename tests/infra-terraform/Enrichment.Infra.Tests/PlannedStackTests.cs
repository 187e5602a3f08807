using System.Text.Json;
using Enrichment.Infra.Tests.Support;

namespace Enrichment.Infra.Tests;

/// <summary>What the plan says each function, queue and route will be, for dev and for prod with a KMS key.</summary>
[TestFixture]
public sealed class PlannedStackTests
{
    private PlannedStacks _plans = null!;

    [OneTimeSetUp]
    public async Task PlanAsync() => _plans = await PlannedStacks.GetAsync();

    [Test]
    public void EveryFunction_IsAProvidedAl2023ZipWithABootstrapHandler_AndItsOwnLogGroup()
    {
        var functions = TerraformResource.OfType(_plans.Dev, "aws_lambda_function");
        var logGroups = TerraformResource.OfType(_plans.Dev, "aws_cloudwatch_log_group").Select(g => g.Text("name")).ToList();

        Assert.That(functions.Select(f => f.Text("function_name")), Is.EquivalentTo(PlaceholderArtifacts.FunctionNames.Select(n => "enrichment-dev-" + n)));
        Assert.Multiple(() =>
        {
            foreach (var function in functions)
            {
                var name = function.Text("function_name")!;
                Assert.That(function.Text("runtime"), Is.EqualTo("provided.al2023"), name);
                Assert.That(function.Text("handler"), Is.EqualTo("bootstrap"), name);
                Assert.That(function.Text("filename"), Does.EndWith("/" + name["enrichment-dev-".Length..] + ".zip"), name);
                Assert.That(function.Text("source_code_hash"), Is.Not.Empty, name);
                Assert.That(function.Get("architectures")[0].GetString(), Is.EqualTo("x86_64"), name);
                Assert.That(logGroups, Does.Contain("/aws/lambda/" + name));
            }
        });
    }

    [Test]
    public void EveryFunction_GetsTheResourceAddressesTheAwsAdaptersRequire()
    {
        var dev = Environments(_plans.Dev);

        Assert.That(dev.Keys, Is.EquivalentTo(PlaceholderArtifacts.FunctionNames));
        Assert.Multiple(() =>
        {
            foreach (var (function, environment) in dev)
            {
                Assert.That(environment["ENRICHMENT_TABLE"], Is.EqualTo("enrichment-dev-control"), function);
                Assert.That(environment["ENRICHMENT_QUEUE_URL"], Is.EqualTo("https://sqs.us-east-1.amazonaws.com/123456789012/enrichment-dev-batches"), function);
                Assert.That(environment["ENRICHMENT_BUCKET"], Is.EqualTo("enrichment-dev-123456789012-us-east-1"), function);
                Assert.That(environment["ENRICHMENT_STATE_MACHINE_ARN"], Is.EqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:enrichment-dev-poller"), function);
                Assert.That(environment["ENRICHMENT_JOB_RETENTION_DAYS"], Is.EqualTo("3"), function);
                Assert.That(environment["LOG_LEVEL"], Is.EqualTo("Debug"), function);
            }
        });
    }

    [Test]
    public void Functions_GetTheTuningSettingsOnlyWhereTheyAreRead()
    {
        var dev = Environments(_plans.Dev);
        var prod = Environments(_plans.ProdWithKms);

        Assert.Multiple(() =>
        {
            Assert.That(dev["api"].Keys, Is.SupersetOf(new[] { "ENRICHMENT_BATCH_SIZE", "ENRICHMENT_URL_LIFETIME_SECONDS", "ENRICHMENT_PROVIDERS", "ENRICHMENT_VERSION", "ENRICHMENT_GIT_COMMIT" }));
            Assert.That(dev["split"]["ENRICHMENT_BATCH_SIZE"], Is.EqualTo("100"));
            Assert.That(dev["worker"]["ENRICHMENT_DLQ_ARN"], Is.EqualTo("arn:aws:sqs:us-east-1:123456789012:enrichment-dev-batches-dlq"));
            Assert.That(dev["worker"]["ENRICHMENT_MAX_RECEIVE_COUNT"], Is.EqualTo("5"));
            Assert.That(dev["check-completion"]["ENRICHMENT_STALL_TIMEOUT_MINUTES"], Is.EqualTo("30"));
            Assert.That(dev.Where(e => e.Key != "worker").SelectMany(e => e.Value.Keys), Does.Not.Contain("ENRICHMENT_DLQ_ARN"));
            Assert.That(dev["check-completion"].Keys, Does.Not.Contain("ENRICHMENT_PROVIDERS").And.Not.Contain("ENRICHMENT_URL_LIFETIME_SECONDS"));
            Assert.That(dev.Values.SelectMany(e => e.Keys), Does.Not.Contain("ENRICHMENT_KMS_KEY_ID"));
            Assert.That(prod.Values.Select(e => e["ENRICHMENT_KMS_KEY_ID"]), Has.All.EqualTo(PlannedStacks.TestKmsKeyArn));
            Assert.That(prod["api"]["LOG_LEVEL"], Is.EqualTo("Information"));
        });
    }

    [Test]
    public void TheMxResolver_GoesToTheApiAndTheWorkerOnlyAndOnlyWhenSet()
    {
        var dev = Environments(_plans.Dev);
        var prod = Environments(_plans.ProdWithKms);

        Assert.Multiple(() =>
        {
            Assert.That(prod["api"]["ENRICHMENT_DNS_SERVER"], Is.EqualTo(PlannedStacks.TestDnsServer));
            Assert.That(prod["worker"]["ENRICHMENT_DNS_SERVER"], Is.EqualTo(PlannedStacks.TestDnsServer));
            Assert.That(prod.Where(e => e.Key is not ("api" or "worker")).SelectMany(e => e.Value.Keys), Does.Not.Contain("ENRICHMENT_DNS_SERVER"));
            Assert.That(dev.Values.SelectMany(e => e.Keys), Does.Not.Contain("ENRICHMENT_DNS_SERVER"), "unset: the Lambda environment's own resolver");
        });
    }

    [Test]
    public void TheHttpApi_AnswersCorsOnlyForTheNamedOrigins_AndNotAtAllByDefault()
    {
        var devApi = TerraformResource.OfType(_plans.Dev, "aws_apigatewayv2_api").Single();
        var prodApi = TerraformResource.OfType(_plans.ProdWithKms, "aws_apigatewayv2_api").Single();
        var cors = prodApi.Get("cors_configuration");

        Assert.Multiple(() =>
        {
            Assert.That(devApi.Values.TryGetProperty("cors_configuration", out var none) ? none.GetArrayLength() : 0, Is.Zero, "cors_allowed_origins unset: no CORS");
            Assert.That(cors.GetArrayLength(), Is.EqualTo(1));
            Assert.That(Strings(cors[0], "allow_origins"), Is.EqualTo(new[] { PlannedStacks.TestCorsOrigin }));
            Assert.That(Strings(cors[0], "allow_methods"), Is.EquivalentTo(new[] { "GET", "POST", "PUT", "OPTIONS" }));
            Assert.That(Strings(cors[0], "allow_headers"), Is.EquivalentTo(new[] { "content-type", "authorization", "x-api-key", "idempotency-key", "webhook-secret" }));
            Assert.That(Strings(cors[0], "expose_headers"), Is.EquivalentTo(new[] { "location" }));
            Assert.That(cors[0].GetProperty("max_age").GetInt32(), Is.EqualTo(600));
        });
    }

    [Test]
    public void OnlyTheWorker_IsToldWhereItsProviderKeysLive()
    {
        var dev = Environments(_plans.Dev);
        var prod = Environments(_plans.ProdWithKms);

        Assert.Multiple(() =>
        {
            Assert.That(dev["worker"]["ENRICHMENT_PARAMETER_PREFIX"], Is.EqualTo("/enrichment-dev/providers"));
            Assert.That(prod["worker"]["ENRICHMENT_PARAMETER_PREFIX"], Is.EqualTo("/enrichment-prod/providers"));
            Assert.That(dev.Concat(prod).Where(e => e.Key != "worker").SelectMany(e => e.Value.Keys), Does.Not.Contain("ENRICHMENT_PARAMETER_PREFIX"));
            // Keys are never handed over in the environment.
            Assert.That(dev.Concat(prod).SelectMany(e => e.Value.Keys), Has.None.Contains("API_KEY"));
        });
    }

    [Test]
    public void Queues_StayInvisibleAtLeastSixWorkerTimeouts()
    {
        var worker = TerraformResource.OfType(_plans.Dev, "aws_lambda_function").Single(f => f.Text("function_name") == "enrichment-dev-worker");
        var queues = TerraformResource.OfType(_plans.Dev, "aws_sqs_queue");
        var timeout = worker.Get("timeout").GetInt32();

        Assert.That(queues, Has.Count.EqualTo(2));
        Assert.That(queues.Select(q => q.Get("visibility_timeout_seconds").GetInt32()), Has.All.GreaterThanOrEqualTo(6 * timeout));
    }

    [Test]
    public void SplitAndAggregate_HaveLambdasLongestTimeout_AndTheAggregateTheMemoryOfATenMillionRowDuplicateIndex()
    {
        Assert.Multiple(() =>
        {
            foreach (var (environment, plan) in _plans.Both)
            {
                var functions = TerraformResource.OfType(plan, "aws_lambda_function").ToDictionary(f => f.Text("function_name")!.Split('-').Last());
                Assert.That(functions["split"].Get("timeout").GetInt32(), Is.EqualTo(900), environment);
                Assert.That(functions["aggregate"].Get("timeout").GetInt32(), Is.EqualTo(900), environment);
                // 10,000,000 distinct emails and phones peaked at 1.1 GB (README "Large jobs on AWS").
                Assert.That(functions["aggregate"].Get("memory_size").GetInt32(), Is.GreaterThanOrEqualTo(2048), environment);
            }
        });
    }

    [Test]
    public async Task VisibilityTimeoutShorterThanSixWorkerTimeouts_IsRejectedByValidation()
    {
        var result = await _plans.Copy.TerraformAsync(
            TimeSpan.FromMinutes(3),
            "plan", "-input=false", "-no-color", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + _plans.Copy.ArtifactsDirectory,
            "-var=queue_visibility_timeout_seconds=60");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        Assert.That(result.StandardError, Does.Contain("six times"));
    }

    [TestCase("NONE")]
    [TestCase("CUSTOM")]
    public async Task ApiWithoutCallerIdentities_IsRejectedByValidation(string authorization)
    {
        // Jobs belong to callers: no environment, dev included, may deploy the API open.
        var result = await _plans.Copy.TerraformAsync(
            TimeSpan.FromMinutes(3),
            "plan", "-input=false", "-no-color", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + _plans.Copy.ArtifactsDirectory,
            "-var=authorization=" + authorization);

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        Assert.That(result.StandardError, Does.Contain("authorization must be AWS_IAM or JWT"));
    }

    [Test]
    public async Task ProviderKeysKmsKeyThatIsNotAKeyArn_IsRejectedByValidation()
    {
        // An alias would not match the key ARN that IAM evaluates kms:Decrypt against.
        var result = await _plans.Copy.TerraformAsync(
            TimeSpan.FromMinutes(3),
            "plan", "-input=false", "-no-color", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + _plans.Copy.ArtifactsDirectory,
            "-var=provider_parameters_kms_key_arn=alias/provider-keys");

        Assert.That(result.ExitCode, Is.Not.Zero, result.Describe());
        Assert.That(result.StandardError, Does.Contain("provider_parameters_kms_key_arn must be a KMS key ARN"));
    }

    [Test]
    public void Encryption_FollowsTheKmsKeySetting()
    {
        var devQueues = TerraformResource.OfType(_plans.Dev, "aws_sqs_queue");
        var prodQueues = TerraformResource.OfType(_plans.ProdWithKms, "aws_sqs_queue");
        var devSse = TerraformResource.OfType(_plans.Dev, "aws_s3_bucket_server_side_encryption_configuration").Single();
        var prodSse = TerraformResource.OfType(_plans.ProdWithKms, "aws_s3_bucket_server_side_encryption_configuration").Single();
        var prodTable = TerraformResource.OfType(_plans.ProdWithKms, "aws_dynamodb_table").Single();

        Assert.Multiple(() =>
        {
            Assert.That(devQueues.Select(q => q.Get("sqs_managed_sse_enabled").GetBoolean()), Has.All.True);
            Assert.That(prodQueues.Select(q => q.Text("kms_master_key_id")), Has.All.EqualTo(PlannedStacks.TestKmsKeyArn));
            Assert.That(DefaultEncryption(devSse).GetProperty("sse_algorithm").GetString(), Is.EqualTo("AES256"));
            Assert.That(DefaultEncryption(prodSse).GetProperty("sse_algorithm").GetString(), Is.EqualTo("aws:kms"));
            Assert.That(DefaultEncryption(prodSse).GetProperty("kms_master_key_id").GetString(), Is.EqualTo(PlannedStacks.TestKmsKeyArn));
            Assert.That(prodTable.Get("server_side_encryption")[0].GetProperty("kms_key_arn").GetString(), Is.EqualTo(PlannedStacks.TestKmsKeyArn));
            Assert.That(prodTable.Get("deletion_protection_enabled").GetBoolean(), Is.True);
        });
    }

    [Test]
    public void Api_RequiresSignedCallsOnEveryRouteButHealth_InDevAndProd()
    {
        var devRoutes = TerraformResource.OfType(_plans.Dev, "aws_apigatewayv2_route");
        var prodRoutes = TerraformResource.OfType(_plans.ProdWithKms, "aws_apigatewayv2_route");
        string[] open = ["GET /", "GET /app.js", "GET /app.css", "GET /js/{module}", "GET /openapi.json"];

        Assert.Multiple(() =>
        {
            Assert.That(devRoutes.Select(r => r.Text("route_key")), Is.EquivalentTo(new[]
            {
                "POST /jobs", "POST /jobs/uploads", "GET /jobs/{id}", "POST /jobs/{id}/retry", "POST /enrich",
                "GET /health", "GET /version", "POST /process", "GET /status/{id}", "GET /providers", "GET /jobs/{id}/summary",
                "GET /", "GET /app.js", "GET /app.css", "GET /js/{module}", "GET /openapi.json",
            }));
            foreach (var routes in new[] { devRoutes, prodRoutes })
            {
                Assert.That(routes.Where(r => r.Text("route_key") != "GET /health" && !open.Contains(r.Text("route_key"))).Select(r => r.Text("authorization_type")), Has.All.EqualTo("AWS_IAM"));
                Assert.That(routes.Single(r => r.Text("route_key") == "GET /health").Text("authorization_type"), Is.EqualTo("NONE"));
                Assert.That(routes.Where(r => open.Contains(r.Text("route_key"))).Select(r => r.Text("authorization_type")), Is.EqualTo(new[] { "NONE", "NONE", "NONE", "NONE", "NONE" }), "the page loads before the browser has a key; the API description holds no data");
            }

            var cors = TerraformResource.OfType(_plans.Dev, "aws_s3_bucket_cors_configuration").Single().Get("cors_rule")[0];
            Assert.That(cors.GetProperty("allowed_methods").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "PUT" }));
            Assert.That(TerraformResource.OfType(_plans.Dev, "aws_apigatewayv2_integration").Single().Text("payload_format_version"), Is.EqualTo("2.0"));
        });
    }

    [Test]
    public void Operations_AlarmOnDeadLettersWorkerErrorsAndFailedOrTimedOutJobs()
    {
        var alarms = TerraformResource.OfType(_plans.Dev, "aws_cloudwatch_metric_alarm");

        Assert.Multiple(() =>
        {
            Assert.That(alarms.Select(a => $"{a.Text("namespace")}/{a.Text("metric_name")}"), Is.EquivalentTo(new[]
            {
                "AWS/SQS/ApproximateNumberOfMessagesVisible", "AWS/Lambda/Errors", "AWS/States/ExecutionsFailed", "AWS/States/ExecutionsTimedOut",
            }));
            Assert.That(alarms.Select(a => a.Text("comparison_operator")), Has.All.EqualTo("GreaterThanThreshold"));
            Assert.That(alarms.Select(a => a.Get("threshold").GetDouble()), Has.All.EqualTo(0));
            Assert.That(TerraformResource.OfType(_plans.Dev, "aws_cloudwatch_dashboard"), Has.Count.EqualTo(1));
            Assert.That(TerraformResource.OfType(_plans.Dev, "aws_sns_topic"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Bucket_ExpiresJobsAndUploads_AndAbortsStaleMultipartUploads()
    {
        var lifecycle = TerraformResource.OfType(_plans.Dev, "aws_s3_bucket_lifecycle_configuration").Single();
        var rules = lifecycle.Get("rule").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(rules.Select(r => r.GetProperty("filter")[0].GetProperty("prefix").GetString()), Is.EquivalentTo(new[] { "jobs/", "uploads/" }));
            // dev.tfvars keeps jobs 3 days.
            Assert.That(rules.Select(r => r.GetProperty("expiration")[0].GetProperty("days").GetInt32()), Has.All.EqualTo(3));
            Assert.That(rules.Select(r => r.GetProperty("abort_incomplete_multipart_upload")[0].GetProperty("days_after_initiation").GetInt32()), Has.All.EqualTo(1));
        });
    }

    private static string?[] Strings(JsonElement block, string attribute) =>
        block.GetProperty(attribute).EnumerateArray().Select(v => v.GetString()).ToArray();

    private static JsonElement DefaultEncryption(TerraformResource sse) =>
        sse.Get("rule")[0].GetProperty("apply_server_side_encryption_by_default")[0];

    private static Dictionary<string, Dictionary<string, string>> Environments(JsonDocument plan) =>
        TerraformResource.OfType(plan, "aws_lambda_function").ToDictionary(
            f => f.Text("function_name")!.Split('-', 3)[2],
            f => f.Get("environment")[0].GetProperty("variables").EnumerateObject()
                .Where(v => v.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(v => v.Name, v => v.Value.GetString()!));
}
