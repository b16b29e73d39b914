namespace Alerts.Core.ChangeLog;

/// <summary>CSV (RFC 4180) rows for changes; cells that start with = + - @ (or a tab or carriage return) are neutralised against formula injection.</summary>
public static class ChangeCsv
{
    public const string Header = "sequence,id,detectedAt,sourceId,itemKey,changeType,severity,jurisdiction,topics,title,url,publishedAt,summary";

    /// <summary>One row, without the line break (RFC 4180 uses CRLF between rows).</summary>
    public static string Row(ChangeRecord c) => string.Join(',', new[]
    {
        c.Sequence.ToString(CultureInfo.InvariantCulture), c.Id, c.DetectedAt.ToString("O", CultureInfo.InvariantCulture), c.SourceId, c.ItemKey,
        c.ChangeType.ToWire(), c.Severity.ToWire(), c.Jurisdiction, string.Join(' ', c.Topics), c.Title, c.Url ?? "",
        c.PublishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "", c.Summary ?? "",
    }.Select(Cell));

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
