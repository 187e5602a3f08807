namespace Enrichment.Testing;

/// <summary>Locates the repository from a test's output folder, so tests can reach statemachines/, samples/ and the like.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string InRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Enrichment.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Enrichment.sln not found above " + AppContext.BaseDirectory);
    }
}
