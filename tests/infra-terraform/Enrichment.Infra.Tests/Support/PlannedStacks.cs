using System.Text.Json;

namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// The root module planned (not applied) against moto twice: with dev.tfvars, and with prod.tfvars plus a
/// customer-managed KMS key for the data and another for the provider API keys. Planned once per run and shared by the tests that read plans.
/// </summary>
public sealed class PlannedStacks : IDisposable
{
    /// <summary>The mx provider's resolver the prod plan is given (ENRICHMENT_DNS_SERVER).</summary>
    public const string TestDnsServer = "10.0.0.2:53";

    /// <summary>The browser origin the prod plan allows (cors_allowed_origins); dev leaves CORS off.</summary>
    public const string TestCorsOrigin = "https://app.example.com";

    public const string TestKmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    /// <summary>The prod plan's key for the provider API key SecureStrings (dev uses the AWS managed aws/ssm key).</summary>
    public const string TestProviderKeysKmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PlannedStacks? Instance;

    private PlannedStacks(StackCopy copy, JsonDocument dev, JsonDocument prodWithKms)
    {
        Copy = copy;
        Dev = dev;
        ProdWithKms = prodWithKms;
    }

    public StackCopy Copy { get; }

    public JsonDocument Dev { get; }

    public JsonDocument ProdWithKms { get; }

    public IEnumerable<(string Name, JsonDocument Plan)> Both => [("dev", Dev), ("prod+kms", ProdWithKms)];

    public static async Task<PlannedStacks> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return Instance ??= await CreateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static void Release()
    {
        Instance?.Dispose();
        Instance = null;
    }

    public void Dispose()
    {
        Dev.Dispose();
        ProdWithKms.Dispose();
        Copy.Dispose();
    }

    private static async Task<PlannedStacks> CreateAsync()
    {
        var (moto, proxy) = await SharedEmulator.GetAsync();
        var copy = StackCopy.Create();
        try
        {
            copy.WriteEmulatorOverride(moto.Endpoint, proxy.Endpoint);
            await copy.InitAsync();
            var dev = await PlanAsync(copy, "dev", "environments/dev.tfvars");
            var prod = await PlanAsync(copy, "prod-kms", "environments/prod.tfvars", "-var=kms_key_arn=" + TestKmsKeyArn, "-var=provider_parameters_kms_key_arn=" + TestProviderKeysKmsKeyArn, "-var=dns_server=" + TestDnsServer, $"-var=cors_allowed_origins=[\"{TestCorsOrigin}\"]");
            return new PlannedStacks(copy, dev, prod);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private static async Task<JsonDocument> PlanAsync(StackCopy copy, string name, string varFile, params string[] extra)
    {
        var planFile = Path.Combine(copy.Root, name + ".tfplan");
        await copy.TerraformOrFailAsync(
            TimeSpan.FromMinutes(4),
            ["plan", "-input=false", "-no-color", "-var-file=" + varFile, "-var=artifacts_dir=" + copy.ArtifactsDirectory, "-out=" + planFile, .. extra]);
        var shown = await copy.TerraformOrFailAsync(TimeSpan.FromMinutes(2), "show", "-json", planFile);
        return JsonDocument.Parse(shown.StandardOutput);
    }
}
