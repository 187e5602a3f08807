namespace Enrichment.Aws.Ssm;

/// <summary>A secret parameter could not be read; names the parameter, never carries a value.</summary>
public sealed class SecretParameterException : Exception
{
    public SecretParameterException()
    {
    }

    public SecretParameterException(string message)
        : base(message)
    {
    }

    public SecretParameterException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
