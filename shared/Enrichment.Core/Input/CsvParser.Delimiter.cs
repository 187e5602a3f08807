namespace Enrichment.Core.Input;

// Delimiter detection, apart from the record parser it configures.
internal sealed partial class CsvParser
{
    /// <summary>
    /// Picks the delimiter of the line at the window's start: whichever of comma, semicolon and tab
    /// occurs most often outside quotes (comma on a tie or when there is none: a one-column file).
    /// </summary>
    public Status TryDetectDelimiter(out char delimiter)
    {
        delimiter = ',';
        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        var i = _start;
        for (; i < _end; i++)
        {
            var c = _buffer[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes)
            {
                if (c is '\r' or '\n')
                {
                    break;
                }

                if (c == ',')
                {
                    commas++;
                }
                else if (c == ';')
                {
                    semicolons++;
                }
                else if (c == '\t')
                {
                    tabs++;
                }
            }
        }

        if (i == _end && !_eof)
        {
            if (_end - _start >= _maxRecordLength)
            {
                throw TooLong();
            }

            return Status.NeedMore;
        }

        if (semicolons > commas && semicolons >= tabs)
        {
            delimiter = ';';
        }
        else if (tabs > commas && tabs > semicolons)
        {
            delimiter = '\t';
        }

        return Status.Ready;
    }
}
