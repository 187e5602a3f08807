namespace Enrichment.Aws.Configuration;

/// <summary>The environment does not describe the AWS resources the adapters need.</summary>
public sealed class AwsSettingsException : Exception
{
    public AwsSettingsException()
    {
    }

    public AwsSettingsException(string message)
        : base(message)
    {
    }

    public AwsSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
