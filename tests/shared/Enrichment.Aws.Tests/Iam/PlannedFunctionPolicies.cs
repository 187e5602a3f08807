using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enrichment.Infra.Tests.Support;
using Enrichment.Testing;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// Each function's inline role policies from the dev plan (`terraform plan` + `terraform show -json` with the
/// real provider against moto, as PlannedPolicyTests reads them), and the names of the planned resources they
/// grant on. Planned once per test run; the extracted documents are kept in a temp file keyed by the content
/// of infra-terraform/ and statemachines/, so an unchanged stack is not planned again by the next run.
/// </summary>
internal sealed record PlannedFunctionPolicies(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Policies,
    string TableArn,
    string QueueArn,
    string DeadLetterArn,
    string BucketArn,
    string StateMachineArn)
{
    /// <summary>The state machine's role, keyed beside the five functions.</summary>
    public const string StateMachine = "state-machine";

    private const string Account = "123456789012";
    private const string Region = "us-east-1";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PlannedFunctionPolicies? Planned;

    public static async Task<PlannedFunctionPolicies> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (Planned is not null)
            {
                return Planned;
            }

            var cache = Path.Combine(Path.GetTempPath(), "enrichment-aws-tests", $"planned-policies-{StackHash()}.json");
            if (File.Exists(cache))
            {
                Planned = JsonSerializer.Deserialize<PlannedFunctionPolicies>(await File.ReadAllTextAsync(cache));
            }

            if (Planned is null)
            {
                Planned = await PlanAsync();
                Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
                var temp = cache + "." + Guid.NewGuid().ToString("N")[..8];
                await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(Planned));
                File.Move(temp, cache, overwrite: true);
            }

            return Planned;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<PlannedFunctionPolicies> PlanAsync()
    {
        // The plan reads data sources (caller identity, Parameter Store's AWS managed key) from the assembly's
        // moto; the gap proxy answers ValidateStateMachineDefinition, which moto lacks.
        await using var proxy = StepFunctionsGapProxy.Start(AwsTestEnvironment.Moto.Endpoint);
        using var copy = StackCopy.Create();
        copy.WriteEmulatorOverride(AwsTestEnvironment.Moto.Endpoint, proxy.Endpoint);
        await copy.InitAsync();
        var planFile = Path.Combine(copy.Root, "dev.tfplan");
        await copy.TerraformOrFailAsync(
            TimeSpan.FromMinutes(4),
            "plan", "-input=false", "-no-color", "-var-file=environments/dev.tfvars", "-var=artifacts_dir=" + copy.ArtifactsDirectory, "-out=" + planFile);
        var shown = await copy.TerraformOrFailAsync(TimeSpan.FromMinutes(2), "show", "-json", planFile);
        using var plan = JsonDocument.Parse(shown.StandardOutput);

        var policies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var policy in TerraformResource.OfType(plan, "aws_iam_role_policy"))
        {
            var owner = Owner(policy.Address);
            var document = policy.Text("policy") ?? throw new InvalidOperationException($"{policy.Address} is not known at plan time");
            policies[owner] = [.. policies.GetValueOrDefault(owner) ?? [], document];
        }

        var queues = TerraformResource.OfType(plan, "aws_sqs_queue").Select(q => q.Text("name")!).ToList();
        return new PlannedFunctionPolicies(
            policies,
            $"arn:aws:dynamodb:{Region}:{Account}:table/{TerraformResource.OfType(plan, "aws_dynamodb_table").Single().Text("name")}",
            $"arn:aws:sqs:{Region}:{Account}:{queues.Single(q => !q.EndsWith("-dlq", StringComparison.Ordinal))}",
            $"arn:aws:sqs:{Region}:{Account}:{queues.Single(q => q.EndsWith("-dlq", StringComparison.Ordinal))}",
            $"arn:aws:s3:::{TerraformResource.OfType(plan, "aws_s3_bucket").Single().Text("bucket")}",
            $"arn:aws:states:{Region}:{Account}:stateMachine:{TerraformResource.OfType(plan, "aws_sfn_state_machine").Single().Text("name")}");
    }

    /// <summary>module.function["worker"].aws_iam_role_policy.access → worker; module.state_machine... → state-machine.</summary>
    private static string Owner(string address)
    {
        const string Function = "module.function[\"";
        if (address.StartsWith(Function, StringComparison.Ordinal))
        {
            return address[Function.Length..address.IndexOf("\"]", StringComparison.Ordinal)];
        }

        return address.StartsWith("module.state_machine", StringComparison.Ordinal)
            ? StateMachine
            : throw new InvalidOperationException("a role policy of an unknown owner: " + address);
    }

    /// <summary>What the plan depends on: every file of the stack and of the state machines, and the provider mirror's versions.</summary>
    private static string StackHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var root in new[] { TestPaths.InRepository("infra-terraform"), TestPaths.InRepository("statemachines") })
        {
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/.terraform", StringComparison.Ordinal) && !f.EndsWith(".tfstate", StringComparison.Ordinal) && !f.EndsWith("emulator_override.tf", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        if (Directory.Exists(TerraformToolchain.MirrorPath))
        {
            foreach (var directory in Directory.EnumerateDirectories(TerraformToolchain.MirrorPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(200))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(directory + "\n"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
