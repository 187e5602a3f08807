namespace Enrichment.Core.Tests.Accuracy;

/// <summary>One line of accuracy-cases.tsv: which column family, the input, its context and the known answer.</summary>
public sealed record AccuracyCase(string Area, string Input, string Context, string Expected, int Line)
{
    public const string FieldSeparator = " | ";

    public override string ToString() => $"{Area} line {Line}: {Input}";

    public static IEnumerable<AccuracyCase> Load()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Accuracy", "accuracy-cases.tsv");
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split('\t');
            if (fields.Length != 4)
            {
                throw new InvalidDataException($"accuracy-cases.tsv line {line}: 4 tab-separated fields expected, found {fields.Length}");
            }

            yield return new AccuracyCase(fields[0], fields[1], fields[2], fields[3], line);
        }
    }
}
