using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// The documented limits an item is cut to before anything stores, mails, posts or shows it: a source's hostile or broken
/// document (a 3 MB title, a 40 KB link) must not block the items after it. Text is cut at a character boundary and ends
/// with <see cref="Marker"/>; a link over its limit is dropped (a cut link would lead nowhere) and its field says so; an
/// item key over its limit is replaced by a hash of itself, so the item keeps a stable identity.
/// </summary>
public static class ItemLimits
{
    /// <summary>Appended to text that was cut.</summary>
    public const string Marker = "…";

    /// <summary>Longest title kept (characters).</summary>
    public const int MaxTitleChars = 1_000;

    /// <summary>Longest summary or description kept (characters).</summary>
    public const int MaxSummaryChars = 4_000;

    /// <summary>Longest link kept (characters); a longer one is dropped.</summary>
    public const int MaxUrlChars = 2_048;

    /// <summary>Longest item key kept as is (characters); a longer one becomes <c>sha256:</c> and its hash.</summary>
    public const int MaxItemKeyChars = 400;

    /// <summary>Longest value of one content field (characters).</summary>
    public const int MaxFieldChars = 100_000;

    /// <summary>Most content fields kept per item; field names are cut to <see cref="MaxFieldNameChars"/>.</summary>
    public const int MaxFields = 100;

    /// <summary>Longest field name kept (characters).</summary>
    public const int MaxFieldNameChars = 100;

    /// <summary>Most references kept per item, each at most <see cref="MaxReferenceChars"/>.</summary>
    public const int MaxReferences = 50;

    /// <summary>Longest reference kept (characters).</summary>
    public const int MaxReferenceChars = 200;

    /// <summary>The item within the limits, and what was cut (empty when nothing was).</summary>
    public static (SourceItem Item, IReadOnlyList<string> Cuts) Fit(SourceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var cuts = new List<string>();
        var key = item.ItemKey;
        if (key.Length > MaxItemKeyChars)
        {
            key = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            cuts.Add($"item key of {item.ItemKey.Length} characters replaced by its hash");
        }

        var title = Cut(item.Title, MaxTitleChars, "title", cuts);
        var summary = item.Summary is null ? null : Cut(item.Summary, MaxSummaryChars, "summary", cuts);
        var url = item.Url;
        if (url is { Length: > MaxUrlChars })
        {
            cuts.Add($"link of {url.Length} characters dropped (limit {MaxUrlChars})");
            url = null;
        }

        var fields = item.Fields;
        if (fields.Count > MaxFields || fields.Any(kv => kv.Key.Length > MaxFieldNameChars || kv.Value.Length > MaxFieldChars))
        {
            var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in fields.OrderBy(kv => kv.Key, StringComparer.Ordinal).Take(MaxFields))
            {
                var n = Cut(name, MaxFieldNameChars, "field name", cuts);
                kept[n] = name is "link" or "url" && value.Length > MaxUrlChars
                    ? Dropped(value.Length, cuts, name)
                    : Cut(value, MaxFieldChars, "field " + n, cuts);
            }

            if (fields.Count > MaxFields)
            {
                cuts.Add($"{fields.Count - MaxFields} fields over the limit of {MaxFields} dropped");
            }

            fields = kept;
        }

        var references = item.References;
        if (references.Count > MaxReferences || references.Any(r => r.Length > MaxReferenceChars))
        {
            references = [.. references.Where(r => r.Length <= MaxReferenceChars).Take(MaxReferences)];
            cuts.Add("references over the limits dropped");
        }

        return cuts.Count == 0
            ? (item, cuts)
            : (item with { ItemKey = key, Title = title, Summary = summary, Url = url, Fields = fields, References = references }, cuts);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters (the marker included), never inside a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - Marker.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, Math.Max(keep, 0)), Marker);
    }

    private static string Cut(string text, int max, string what, List<string> cuts)
    {
        if (text.Length <= max)
        {
            return text;
        }

        cuts.Add($"{what} cut from {text.Length} to {max} characters");
        return Cut(text, max);
    }

    private static string Dropped(int length, List<string> cuts, string name)
    {
        cuts.Add($"field {name} of {length} characters dropped (limit {MaxUrlChars})");
        return $"[link of {length} characters dropped]";
    }
}
