namespace Alerts.Core.Sources.ScreeningList;

/// <summary>
/// A small RFC 4180 reader: quoted fields, doubled quotes, CR LF or LF line ends, a header row. The one CSV reader: the
/// screening list source and the watchlist import (which names rows by their line) both read through it.
/// </summary>
public static class Csv
{
    /// <summary>Reads every record as a dictionary keyed by the header's column names.</summary>
    public static List<Dictionary<string, string>> ReadWithHeader(string text, string sourceId)
    {
        var rows = Read(text, sourceId);
        if (rows.Count == 0)
        {
            throw new SourceException($"{sourceId}: the CSV file is empty (no header row)");
        }

        var header = rows[0].Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var result = new List<Dictionary<string, string>>(rows.Count - 1);
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue; // blank line
            }

            if (row.Count != header.Length)
            {
                throw new SourceException($"{sourceId}: CSV record {i} has {row.Count} fields; the header has {header.Length}");
            }

            var d = new Dictionary<string, string>(header.Length, StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < header.Length; c++)
            {
                d[header[c]] = row[c];
            }

            result.Add(d);
        }

        return result;
    }

    /// <summary>Splits CSV text into records of fields.</summary>
    public static List<List<string>> Read(string text, string sourceId)
    {
        var records = Records(text, out var unclosedAt);
        return unclosedAt is null
            ? records.ConvertAll(r => r.Fields)
            : throw new SourceException($"{sourceId}: the CSV file ends inside a quoted field (truncated?)");
    }

    /// <summary>
    /// Splits CSV text into records, each with the line it starts on (1-based; a quoted line break moves the count on).
    /// <paramref name="unclosedAt"/> is the line of the record whose quoted field the text ends inside (a truncated
    /// file), else null; the records before it are returned.
    /// </summary>
    public static List<(int Line, List<string> Fields)> Records(string text, out int? unclosedAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<(int, List<string>)>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var rowStart = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    records.Add((rowStart, row));
                    row = [];
                    rowStart = ++line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        unclosedAt = quoted ? rowStart : null;
        if (!quoted && (field.Length > 0 || row.Count > 0))
        {
            row.Add(field.ToString());
            records.Add((rowStart, row));
        }

        return records;
    }
}
