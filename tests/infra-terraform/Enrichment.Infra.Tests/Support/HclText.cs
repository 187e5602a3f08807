using System.Text.RegularExpressions;

namespace Enrichment.Infra.Tests.Support;

/// <summary>Just enough HCL reading for layout checks: the body of each top-level block of a given kind.</summary>
public static partial class HclText
{
    public static IEnumerable<(string Label, string Body)> Blocks(string text, string kind)
    {
        foreach (Match match in BlockStart().Matches(text))
        {
            if (match.Groups["kind"].Value != kind)
            {
                continue;
            }

            var open = match.Index + match.Length - 1;
            yield return (match.Groups["label"].Value, text[open..(ClosingBrace(text, open) + 1)]);
        }
    }

    private static int ClosingBrace(string text, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when --depth == 0:
                    return i;
            }
        }

        throw new FormatException("Unbalanced braces after offset " + open);
    }

    [GeneratedRegex("""^(?<kind>[a-z]+)\s+"(?<label>[^"]+)"\s*\{""", RegexOptions.Multiline)]
    private static partial Regex BlockStart();
}
