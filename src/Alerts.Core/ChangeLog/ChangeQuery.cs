namespace Alerts.Core.ChangeLog;

/// <summary>A query over the change log.</summary>
public sealed record ChangeQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public string? Jurisdiction { get; init; }
    public string? Topic { get; init; }
    public Severity? Severity { get; init; }
    public string? Story { get; init; }
    /// <summary>Free text: every word must occur (case-insensitive) in the title or the summary.</summary>
    public string? Text { get; init; }
    /// <summary>"newest" (default) or "oldest".</summary>
    public string Order { get; init; } = "newest";
    public int PageSize { get; init; } = 50;

    /// <summary>A stable description of the filters (not the page size), which a continuation token is bound to.</summary>
    public string Fingerprint() => string.Join('\n',
        From?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), To?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        string.Join(',', Sources.Order(StringComparer.Ordinal)), Jurisdiction, Topic, Severity?.ToWire(), Story, Order, Text);

    /// <summary>Whether a change passes the filters the table service cannot apply (topic, free text).</summary>
    public bool MatchesClientSide(ChangeRecord c)
    {
        // Topics are stored as "|a|b|"; OData has no "contains", so the topic is matched after reading.
        if (Topic is { Length: > 0 } topic && !c.Topics.Contains(topic, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (Text is { Length: > 0 } text)
        {
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!c.Title.Contains(word, StringComparison.OrdinalIgnoreCase) && !(c.Summary ?? "").Contains(word, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
