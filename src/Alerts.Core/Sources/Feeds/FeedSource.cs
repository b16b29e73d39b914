namespace Alerts.Core.Sources.Feeds;

/// <summary>
/// A syndication feed (kind <c>feed</c>): RSS 0.9x, 1.0 and 2.0, Atom 0.3 and 1.0. A feed is a stream: items only arrive,
/// and an item whose title, summary, link or date changes is a modification. Settings: <c>url</c> (absolute, on the
/// source's origin) or <c>path</c> (path and query), <c>official</c> (true/false, default the catalog's),
/// <c>charset</c> (forces the encoding), <c>language</c> (when the feed does not declare one).
/// </summary>
public sealed class FeedSource : ISourceAdapter
{
    public const string KindName = "feed";

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var path = FeedPath(source);
        CheckCharset(source);
        var doc = await context.Http.GetAsync(path, conditional: true,
            accept: "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1", cancellationToken);
        if (doc is null)
        {
            return new FetchResult { NotModified = true, RequestCount = context.Http.RequestCount };
        }

        ParsedFeed feed;
        try
        {
            feed = FeedParser.Parse(doc.Content.Span, TextDecoding.CharsetOf(doc.ContentType), source.Setting("charset"));
        }
        catch (FeedReadException ex)
        {
            throw new SourceException($"{source.Id}: {ex.Message} ({path})", inner: ex);
        }

        var official = bool.TryParse(source.Setting("official"), out var o) ? o : source.Official;
        var documentUri = new Uri(new Uri(source.DefaultBaseUrl.TrimEnd('/') + "/"), path);
        return new FetchResult
        {
            Items = ToItems(feed, documentUri, official, source.Setting("language"), doc),
            IsCompleteSnapshot = false,
            RequestCount = context.Http.RequestCount,
        };
    }

    /// <summary>A charset setting must name an encoding this runtime knows (with the code pages registered).</summary>
    internal static void CheckCharset(SourceDefinition source)
    {
        if (source.Setting("charset") is { } charset && TextDecoding.Find(charset) is null)
        {
            throw new SourceException($"{source.Id}: the setting charset '{charset}' names no known encoding (use a name such as utf-8, gb18030, shift_jis, windows-1251)");
        }
    }

    /// <summary>The path and query to fetch; an absolute url must be on the source's origin (else set BaseUrl).</summary>
    internal static string FeedPath(SourceDefinition source)
    {
        var setting = source.Setting("url") ?? source.Setting("path")
            ?? throw new SourceException($"{source.Id}: a feed source needs the setting 'url' or 'path' (Alerts:Sources:{source.Id}:Settings:url)");
        if (Uri.TryCreate(setting, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https")
        {
            var origin = new Uri(source.DefaultBaseUrl);
            if (!string.Equals(abs.Host, origin.Host, StringComparison.OrdinalIgnoreCase))
            {
                throw new SourceException(
                    $"{source.Id}: the setting url '{setting}' is not on the source's origin {origin.GetLeftPart(UriPartial.Authority)}; " +
                    $"set defaultBaseUrl (or Alerts:Sources:{source.Id}:BaseUrl) to its origin");
            }

            return abs.PathAndQuery;
        }

        if (!setting.StartsWith('/'))
        {
            throw new SourceException($"{source.Id}: the setting path '{setting}' must start with '/' (or give an absolute url)");
        }

        return setting;
    }

    /// <summary>Items from a parsed feed (public for the benchmark and the corpus tests).</summary>
    public static List<SourceItem> ToItems(ParsedFeed feed, Uri documentUri, bool official, string? defaultLanguage, FetchedDocument? evidence)
    {
        var feedBase = Resolve(documentUri, feed.Base) ?? documentUri;
        var linkBase = feed.Base is null && Uri.TryCreate(feed.Link, UriKind.Absolute, out var site) && site.Scheme is "http" or "https" ? site : feedBase;
        var items = new List<SourceItem>(feed.Entries.Count);
        foreach (var e in feed.Entries)
        {
            var entryBase = Resolve(linkBase, e.Base) ?? linkBase;
            var link = Links.Normalize(e.Link, entryBase);
            var published = e.Published is { } p ? FeedDates.Format(p) : e.PublishedText ?? "";
            var key = e.Id is { } id ? Links.Key(id)
                : link is not null ? Links.Key(link)
                : e.Title.Length > 0 ? Links.TextKey("title:", e.Title + "\n" + published)
                : Links.TextKey("text:", e.Summary);
            var title = e.Title.Length > 0 ? e.Title : e.Summary.Length > 0 ? TextContent.Cap(e.Summary, 120) : "(untitled)";
            items.Add(new SourceItem
            {
                ItemKey = key,
                Title = title,
                Url = link,
                PublishedAt = e.Published,
                Summary = e.Summary.Length > 0 ? e.Summary : null,
                DocumentType = official ? "Press Release" : "News",
                Language = Language(e.Language ?? feed.Language ?? defaultLanguage),
                Fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["title"] = e.Title,
                    ["summary"] = e.Summary,
                    ["link"] = link ?? "",
                    ["published"] = published,
                },
                Evidence = evidence,
            });
        }

        return items;
    }

    private static Uri? Resolve(Uri baseUri, string? relative) =>
        string.IsNullOrWhiteSpace(relative) ? null : Uri.TryCreate(baseUri, relative.Trim(), out var u) ? u : null;

    /// <summary>A BCP 47 tag from what feeds write ("en-us", "en_US", "pt-PT"): language lower-case, region upper-case.</summary>
    public static string? Language(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0].Length is < 2 or > 8 || !parts[0].All(char.IsAsciiLetter))
        {
            return null;
        }

        parts[0] = parts[0].ToLowerInvariant();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].Length == 2 ? parts[i].ToUpperInvariant() : parts[i];
        }

        return string.Join('-', parts);
    }

}
