using System.Reflection;

namespace Enrichment.Lambda.Tests;

/// <summary>The AWS sample events embedded from TestData/.</summary>
internal static class TestEvents
{
    public static string Read(string fileName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TestData." + fileName)
            ?? throw new InvalidOperationException("No embedded test event " + fileName);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
