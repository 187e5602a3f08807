using System.Text;
using Enrichment.Local.Host.Samples;

namespace Enrichment.AwsBench;

/// <summary>The generated contact list of a size, made once per size and seed and kept in the temp folder for the next run.</summary>
public static class BenchList
{
    public static async Task<string> PathAsync(int rows, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"enrichment-awsbench-{rows}.csv");
        if (!File.Exists(path))
        {
            var partial = path + ".partial";
            await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(false), 1 << 16))
            {
                writer.NewLine = "\n";
                await new ContactGenerator(seed: rows).WriteCsvAsync(writer, rows, cancellationToken);
            }

            File.Move(partial, path, overwrite: true);
        }

        return path;
    }

    /// <summary>The load average (1, 5 and 15 minutes), as uptime prints it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
