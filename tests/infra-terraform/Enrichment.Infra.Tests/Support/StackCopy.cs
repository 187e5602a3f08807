using Enrichment.Testing;

namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// A throw-away copy of infra-terraform/, statemachines/ and deploy.sh in a temp folder, with its own
/// Terraform data dir and CLI config, so tests never write into the repository.
/// </summary>
public sealed class StackCopy : IDisposable
{
    private StackCopy(string root)
    {
        Root = root;
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(CliConfigFile, TerraformToolchain.CliConfiguration);
    }

    public string Root { get; }

    public string ModuleDirectory => Path.Combine(Root, "infra-terraform");

    public string ArtifactsDirectory => Path.Combine(Root, "artifacts");

    public string DeployScript => Path.Combine(Root, "deploy.sh");

    public string DataDirectory => Path.Combine(Root, ".tfdata");

    public string CliConfigFile => Path.Combine(Root, "terraform.rc");

    public string OverrideFile => Path.Combine(ModuleDirectory, "emulator_override.tf");

    /// <summary>Environment for terraform: mirror-only CLI config, private data dir, no prompts or colour.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["TF_CLI_CONFIG_FILE"] = CliConfigFile,
        ["TF_DATA_DIR"] = DataDirectory,
        ["TF_IN_AUTOMATION"] = "1",
        ["TF_INPUT"] = "0",
        ["CHECKPOINT_DISABLE"] = "1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PROFILE"] = null,
        ["TF_WORKSPACE"] = null,
        ["ENRICHMENT_DEPLOY_ENDPOINT"] = null,
    };

    public static StackCopy Create(bool withPlaceholderArtifacts = true)
    {
        var root = Path.Combine(Path.GetTempPath(), "enrichment-infra-" + Guid.NewGuid().ToString("N")[..12]);
        CopyDirectory(TestPaths.InRepository("infra-terraform"), Path.Combine(root, "infra-terraform"));
        CopyDirectory(TestPaths.InRepository("statemachines"), Path.Combine(root, "statemachines"));
        File.Copy(TestPaths.InRepository("deploy.sh"), Path.Combine(root, "deploy.sh"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root, "deploy.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        }

        var copy = new StackCopy(root);
        if (withPlaceholderArtifacts)
        {
            PlaceholderArtifacts.WriteTo(copy.ArtifactsDirectory);
        }

        return copy;
    }

    public Task<CommandResult> TerraformAsync(TimeSpan timeout, params string[] arguments) =>
        CommandRunner.RunAsync(TerraformToolchain.TerraformPath, ["-chdir=" + ModuleDirectory, .. arguments], Root, Environment, timeout);

    /// <summary>Runs terraform and fails the test with its whole output unless it succeeded.</summary>
    public async Task<CommandResult> TerraformOrFailAsync(TimeSpan timeout, params string[] arguments)
    {
        var result = await TerraformAsync(timeout, arguments);
        if (!result.Succeeded)
        {
            Assert.Fail(result.Describe());
        }

        return result;
    }

    public Task<CommandResult> InitAsync(bool backend = false) =>
        TerraformOrFailAsync(TimeSpan.FromMinutes(3), "init", "-input=false", "-no-color", "-backend=" + (backend ? "true" : "false"));

    /// <summary>Points the provider at moto (and sfn at the gap proxy) with dummy credentials.</summary>
    public void WriteEmulatorOverride(Uri moto, Uri stepFunctions)
    {
        string[] services = ["apigatewayv2", "cloudwatch", "dynamodb", "iam", "kms", "lambda", "logs", "s3", "sns", "sqs", "sts"];
        var endpoints = string.Join('\n', services.Select(s => $"    {s} = \"{Trim(moto)}\""));
        File.WriteAllText(OverrideFile, $$"""
            provider "aws" {
              access_key                  = "test"
              secret_key                  = "test"
              skip_credentials_validation = true
              skip_requesting_account_id  = true
              skip_metadata_api_check     = true
              s3_use_path_style           = true

              endpoints {
            {{endpoints}}
                sfn = "{{Trim(stepFunctions)}}"
              }
            }
            """);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold a file; the temp folder is cleaned by the OS eventually.
        }
    }

    private static string Trim(Uri uri) => uri.ToString().TrimEnd('/');

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(file);
            // Leftovers of a local run must not leak into the copy.
            if (name is ".terraform.lock.hcl" or "emulator_override.tf" || name.EndsWith(".tfstate", StringComparison.Ordinal))
            {
                continue;
            }

            File.Copy(file, Path.Combine(target, name));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (name is ".terraform" or "terraform.tfstate.d")
            {
                continue;
            }

            CopyDirectory(directory, Path.Combine(target, name));
        }
    }
}
