using System.Text;

namespace Alerts.Core.Sources.ScreeningList;

/// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, CR LF or LF line ends, a header row.</summary>
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
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    i++;
                    continue;
                }

                field.Append(c);
                i++;
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
                    rows.Add(row);
                    row = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            throw new SourceException($"{sourceId}: the CSV file ends inside a quoted field (truncated?)");
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
