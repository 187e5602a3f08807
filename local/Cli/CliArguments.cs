using System.Globalization;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `command [positional...] [--name value | --flag]`: small enough to need no library, strict
/// enough that a typo is an error rather than a silently ignored option.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    private CliArguments(string command, List<string> positional)
    {
        Command = command;
        Positional = positional;
    }

    public string Command { get; }

    public IReadOnlyList<string> Positional { get; }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        if (args.Count == 0)
        {
            throw new CliException("no command given; try: enrich <input> --out <file>, serve, generate, bench (or --help)");
        }

        var positional = new List<string>();
        var parsed = new CliArguments(args[0], positional);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!flags.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new CliException($"--{name} needs a value");
                }

                value = args[++i];
            }

            parsed.options[name] = value;
        }

        return parsed;
    }

    public bool Flag(string name)
    {
        used.Add(name);
        return options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        used.Add(name);
        return options.GetValueOrDefault(name);
    }

    public int IntOption(string name, int fallback, int min, int max)
    {
        var text = Option(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }

    /// <summary>Fails on any option the command did not ask for: a typo must not pass silently.</summary>
    public void RejectUnknown()
    {
        var unknown = options.Keys.FirstOrDefault(name => !used.Contains(name));
        if (unknown is not null)
        {
            throw new CliException($"unknown option --{unknown} for '{Command}'");
        }
    }
}
