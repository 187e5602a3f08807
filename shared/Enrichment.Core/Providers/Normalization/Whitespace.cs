namespace Enrichment.Core.Providers.Normalization;

public static class Whitespace
{
    /// <summary>
    /// Trims and collapses every run of whitespace to one space; null for blank text. Returns the
    /// same instance when nothing changes, so clean input costs no allocation.
    /// </summary>
    public static string? Collapse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var needsWork = false;
        var previousSpace = true;
        var anyContent = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (previousSpace || c != ' ')
                {
                    needsWork = true;
                }

                previousSpace = true;
            }
            else
            {
                previousSpace = false;
                anyContent = true;
            }
        }

        if (!anyContent)
        {
            return null;
        }

        if (!needsWork && !previousSpace)
        {
            return text;
        }

        return CollapseSlow(text);
    }

    private static string CollapseSlow(string text)
    {
        Span<char> buffer = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            buffer[length++] = c;
        }

        return new string(buffer[..length]);
    }
}
