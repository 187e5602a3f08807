namespace Enrichment.Infra.Tests.Support;

/// <summary>
/// Finds terraform and the provider mirror. These tests are the proof of the infrastructure code, so a
/// missing tool fails them with instructions; it never skips them.
/// </summary>
public static class TerraformToolchain
{
    public const string MirrorPath = "/opt/tf-plugins";

    private static readonly Lazy<string?> Found = new(FindTerraform);

    public static string TerraformPath
    {
        get
        {
            var path = Found.Value;
            if (path is null)
            {
                Assert.Fail("terraform is not installed: put Terraform >= 1.9 on PATH (expected /usr/local/bin/terraform).");
            }

            if (!Directory.Exists(Path.Combine(MirrorPath, "registry.terraform.io", "hashicorp", "aws")))
            {
                Assert.Fail($"The Terraform provider mirror is missing: hashicorp/aws must be unpacked under {MirrorPath}/registry.terraform.io/hashicorp/aws/<version>/linux_amd64.");
            }

            return path!;
        }
    }

    /// <summary>CLI configuration that installs providers from the mirror only (no registry access).</summary>
    public static string CliConfiguration => $$"""
        provider_installation {
          filesystem_mirror {
            path = "{{MirrorPath}}"
          }
        }
        """;

    private static string? FindTerraform()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "terraform"))
            .Append("/usr/local/bin/terraform");
        return candidates.FirstOrDefault(File.Exists);
    }
}
