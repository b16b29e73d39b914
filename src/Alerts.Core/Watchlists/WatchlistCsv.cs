using Alerts.Core.Sources.ScreeningList;

namespace Alerts.Core.Watchlists;

/// <summary>
/// The watchlist CSV (RFC 4180): header <c>type,value,aliases,country,address,reference</c>; aliases separated by ';'.
/// Reading decodes UTF-8 (with or without a BOM), UTF-16 by its BOM, or the charset the request names (gb18030, gbk,
/// gb2312, utf-8); refuses formula cells (=, +, -, @ at the start; a leading apostrophe, as written on export, is
/// removed instead); names the row of every error. Writing prefixes formula-looking cells with an apostrophe.
/// </summary>
public static class WatchlistCsv
{
    public static readonly string[] Header = ["type", "value", "aliases", "country", "address", "reference"];

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    static WatchlistCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes the body: a BOM wins, then the charset parameter, then strict UTF-8. Error: a message saying what to send.</summary>
    public static (string? Text, string? Error) Decode(ReadOnlySpan<byte> body, string? charset)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Strict(StrictUtf8, body[3..], "UTF-8");
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Strict(new UnicodeEncoding(false, false, true), body[2..], "UTF-16");
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Strict(new UnicodeEncoding(true, false, true), body[2..], "UTF-16");
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0x84, 0x31, 0x95, 0x33]))
        {
            return Strict(Gb18030(), body[4..], "GB18030");
        }

        var cs = (charset ?? "").Trim().Trim('"').ToLowerInvariant();
        return cs switch
        {
            "" or "utf-8" or "utf8" => Strict(StrictUtf8, body, "UTF-8", hint: " Send it as UTF-8, or name its encoding: 'text/csv; charset=gb18030'."),
            "gb18030" or "gbk" or "gb2312" or "cp936" => Strict(Gb18030(), body, "GB18030"),
            "utf-16" or "utf-16le" => Strict(new UnicodeEncoding(false, false, true), body, "UTF-16"),
            _ => (null, $"The charset '{cs}' is not supported: send UTF-8 (with or without a BOM) or GB18030 (charset=gb18030)."),
        };
    }

    private static Encoding Gb18030() =>
        Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static (string? Text, string? Error) Strict(Encoding encoding, ReadOnlySpan<byte> body, string name, string hint = "")
    {
        try
        {
            return (encoding.GetString(body), null);
        }
        catch (DecoderFallbackException ex)
        {
            return (null, $"The file is not valid {name} (at byte {ex.Index}).{hint}");
        }
    }

    /// <summary>
    /// Reads the entries, all or nothing: the first error (wrong header, a bad or duplicate row, a formula cell, more rows
    /// than <paramref name="maxEntries"/>) names its row (the header is row 1) and nothing is returned.
    /// </summary>
    public static (List<WatchlistEntry>? Entries, string? Error) Read(string text, int maxEntries)
    {
        var records = Csv.Records(text, out var unclosedAt);
        if (unclosedAt is not null)
        {
            return (null, $"Row {unclosedAt}: a quoted field is not closed before the end of the file.");
        }

        if (records.Count == 0)
        {
            return (null, $"The file is empty: the first row must be the header {string.Join(',', Header)}.");
        }

        var header = records[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        if (!header.SequenceEqual(Header))
        {
            return (null, $"Row 1: the header must be exactly {string.Join(',', Header)} (got {string.Join(',', header.Select(h => h.Length > 40 ? h[..40] : h))}).");
        }

        var entries = new List<WatchlistEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Trim().Length == 0)
            {
                continue;
            }

            var where = $"Row {line}";
            if (fields.Count != Header.Length)
            {
                return (null, $"{where} has {fields.Count} fields; the header has {Header.Length}.");
            }

            if (entries.Count >= maxEntries)
            {
                return (null, $"{where}: a watchlist holds at most {maxEntries:N0} entries; nothing was imported.");
            }

            var cells = new string[fields.Count];
            for (var c = 0; c < fields.Count; c++)
            {
                var (cell, formula) = Unformula(fields[c]);
                if (formula)
                {
                    return (null,
                        $"{where}, column {Header[c]}: the cell starts with '{fields[c].TrimStart()[0]}' and would run as a spreadsheet formula; " +
                        "remove it or prefix the cell with an apostrophe.");
                }

                cells[c] = cell;
            }

            var (entry, error) = WatchlistLimits.Validate(where, "e" + (entries.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                cells[0], cells[1], cells[2].Split(';'), cells[3], cells[4], cells[5]);
            if (error is not null)
            {
                return (null, error);
            }

            var key = WatchlistLimits.DuplicateKey(entry!);
            if (seen.TryGetValue(key, out var first))
            {
                return (null, $"{where} duplicates row {first} ({entry!.Type} '{entry.Value}').");
            }

            seen[key] = line;
            entries.Add(entry!);
        }

        return (entries, null);
    }

    /// <summary>The entries as CSV (UTF-8 with a BOM, so spreadsheets read Chinese names right), formula-looking cells neutralised.</summary>
    public static byte[] Write(IEnumerable<WatchlistEntry> entries)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var e in entries)
        {
            string[] cells = [e.Type, e.Value, string.Join("; ", e.Aliases), e.Country ?? "", e.Address ?? "", e.Reference ?? ""];
            sb.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>A cell a spreadsheet would run as a formula gets a leading apostrophe; a cell with a comma, quote or line break is quoted.</summary>
    public static string Cell(string value)
    {
        var v = IsFormula(value) ? "'" + value : value;
        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    private static bool IsFormula(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>A cell as imported: "'=x" (as exported) is "=x"; a bare formula cell is refused.</summary>
    private static (string Cell, bool Formula) Unformula(string cell)
    {
        if (cell.Length > 1 && cell[0] == '\'' && IsFormula(cell[1..]))
        {
            return (cell[1..], false);
        }

        var trimmed = cell.TrimStart(' ');
        return IsFormula(trimmed) ? (cell, true) : (cell, false);
    }
}
