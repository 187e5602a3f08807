namespace Enrichment.Core.Input;

public enum InputFormat
{
    Csv,
    Json,
    JsonLines,
    Xlsx,
}
