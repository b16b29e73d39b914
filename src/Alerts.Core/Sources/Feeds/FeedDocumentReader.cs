using System.Xml;

namespace Alerts.Core.Sources.Feeds;

/// <summary>One pass over a feed document (RSS 0.9x, RSS 1.0, RSS 2.0, Atom 0.3, Atom 1.0); <paramref name="lenient"/> after a repair.</summary>
internal sealed class FeedDocumentReader(string text, bool lenient)
{
    private const int MaxSummaryChars = 2000;
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    private readonly List<FeedEntry> _entries = [];
    private string _title = "";
    private string? _link;
    private string? _language;
    private DateTimeOffset? _updated;
    private string? _base;
    private string _format = "rss";
    private bool _complete;

    public ParsedFeed Read()
    {
        var settings = SafeParsing.XmlSettings();
        settings.IgnoreWhitespace = true;
        settings.CheckCharacters = !lenient;
        using var sr = new StringReader(text);
        using var r = XmlReader.Create(sr, settings);
        try
        {
            if (r.MoveToContent() != XmlNodeType.Element)
            {
                throw new FeedReadException("the document has no root element: not a feed");
            }

            switch (r.LocalName)
            {
                case "rss":
                    _format = "rss";
                    ReadRss(r);
                    break;
                case "RDF":
                    _format = "rdf";
                    ReadRdf(r);
                    break;
                case "feed":
                    _format = r.NamespaceURI == AtomNs || r.GetAttribute("version") is null ? "atom10" : "atom03";
                    ReadAtomFeed(r);
                    break;
                case "channel":
                    _format = "rss";
                    ReadChannel(r);
                    break;
                case "html":
                    throw new FeedReadException("the response is an HTML page, not a feed");
                default:
                    throw new FeedReadException($"the document is XML but not a feed: its root element is <{r.Name}>");
            }
        }
        catch (XmlException) when (_complete)
        {
            // The element holding the items closed; what follows (a missing </rss>, a cut-off end tag) loses nothing.
        }

        return new ParsedFeed
        {
            Format = _format,
            Title = _title,
            Link = _link,
            Language = _language,
            Updated = _updated,
            Base = _base,
            Entries = _entries,
        };
    }

    private void ReadRss(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            _complete = true;
            r.Read();
            return;
        }

        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                r.Read();
            }
            else if (r.LocalName == "channel")
            {
                ReadChannel(r);
            }
            else if (r.LocalName == "item")
            {
                ReadRssItem(r);
            }
            else
            {
                r.Skip();
            }
        }

        _complete = true;
        r.Read();
    }

    private void ReadChannel(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            _complete = true;
            r.Read();
            return;
        }

        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                r.Read();
                continue;
            }

            switch (r.LocalName)
            {
                case "item":
                    ReadRssItem(r);
                    break;
                default:
                    ReadFeedMetadata(r);
                    break;
            }
        }

        _complete = _format != "rdf";
        r.Read();
    }

    private void ReadRdf(XmlReader r)
    {
        var depth = r.Depth;
        if (r.IsEmptyElement)
        {
            _complete = true;
            r.Read();
            return;
        }

        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                r.Read();
            }
            else if (r.LocalName == "channel")
            {
                ReadChannel(r);
            }
            else if (r.LocalName == "item")
            {
                ReadRssItem(r);
            }
            else
            {
                r.Skip();
            }
        }

        _complete = true;
        r.Read();
    }

    /// <summary>A channel child that is not an item: title, link, language, dates; anything else is skipped.</summary>
    private void ReadFeedMetadata(XmlReader r)
    {
        switch (r.LocalName)
        {
            case "title" when _title.Length == 0:
                _title = TextContent.Html(ReadContent(r));
                break;
            case "link" when _link is null && r.NamespaceURI != AtomNs:
                _link = NullIfEmpty(ReadContent(r).Trim());
                break;
            case "language" when _language is null:
                _language = NullIfEmpty(ReadContent(r).Trim());
                break;
            case "lastBuildDate" or "pubDate" or "date" when _updated is null:
                _updated = FeedDates.Parse(ReadContent(r));
                break;
            default:
                r.Skip();
                break;
        }
    }

    private void ReadRssItem(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return;
        }

        var lang = r.XmlLang;
        string? guid = null, link = null, altLink = null, title = null, description = null, content = null, date = null, dcDate = null, itemLang = null;
        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                r.Read();
                continue;
            }

            switch (r.LocalName)
            {
                case "title" when title is null:
                    title = ReadContent(r);
                    break;
                case "link" when r.NamespaceURI == AtomNs || r.GetAttribute("href") is not null:
                    var rel = r.GetAttribute("rel");
                    var href = r.GetAttribute("href");
                    if (altLink is null && (rel is null || rel == "alternate"))
                    {
                        altLink = href;
                    }

                    r.Skip();
                    break;
                case "link" when link is null:
                    link = ReadContent(r).Trim();
                    break;
                case "guid" or "id" when guid is null:
                    guid = ReadContent(r).Trim();
                    break;
                case "description" or "summary" when description is null:
                    description = ReadContent(r);
                    break;
                case "encoded" when content is null:
                    content = ReadContent(r);
                    break;
                case "pubDate" or "published" or "issued" when date is null:
                    date = ReadContent(r);
                    break;
                case "date" or "updated" or "modified" when dcDate is null:
                    dcDate = ReadContent(r);
                    break;
                case "language" when itemLang is null:
                    itemLang = ReadContent(r).Trim();
                    break;
                default:
                    r.Skip(); // anything else, including an <item> illegally nested in this one
                    break;
            }
        }

        r.Read();
        var published = FeedDates.Parse(date);
        var publishedText = date;
        if (published is null && dcDate is not null)
        {
            published = FeedDates.Parse(dcDate);
            publishedText = dcDate;
        }

        _entries.Add(new FeedEntry
        {
            Id = NullIfEmpty(guid),
            Title = TextContent.Html(title),
            Link = NullIfEmpty(link) ?? NullIfEmpty(altLink?.Trim()),
            Summary = TextContent.Cap(TextContent.Html(description ?? content), MaxSummaryChars),
            Published = published,
            PublishedText = NullIfEmpty(publishedText?.Trim()),
            Language = NullIfEmpty(itemLang) ?? NullIfEmpty(lang),
        });
    }

    private void ReadAtomFeed(XmlReader r)
    {
        _language = NullIfEmpty(r.XmlLang);
        _base = r.GetAttribute("xml:base");
        if (r.IsEmptyElement)
        {
            _complete = true;
            r.Read();
            return;
        }

        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                r.Read();
                continue;
            }

            switch (r.LocalName)
            {
                case "entry":
                    ReadAtomEntry(r);
                    break;
                case "title" when _title.Length == 0:
                    _title = AtomText(r);
                    break;
                case "link" when _link is null && (r.GetAttribute("rel") ?? "alternate") == "alternate":
                    _link = r.GetAttribute("href");
                    r.Skip();
                    break;
                case "updated" or "modified" when _updated is null:
                    _updated = FeedDates.Parse(ReadContent(r));
                    break;
                default:
                    r.Skip();
                    break;
            }
        }

        _complete = true;
        r.Read();
    }

    private void ReadAtomEntry(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return;
        }

        var lang = r.XmlLang;
        var entryBase = r.GetAttribute("xml:base");
        string? id = null, link = null, anyLink = null, title = null, summary = null, content = null, published = null, created = null, updated = null;
        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                r.Read();
                continue;
            }

            switch (r.LocalName)
            {
                case "id" when id is null:
                    id = ReadContent(r).Trim();
                    break;
                case "title" when title is null:
                    title = AtomText(r);
                    break;
                case "link":
                    var rel = r.GetAttribute("rel") ?? "alternate";
                    var href = r.GetAttribute("href");
                    if (rel == "alternate" && link is null)
                    {
                        link = href;
                    }

                    anyLink ??= href;
                    r.Skip();
                    break;
                case "summary" when summary is null:
                    summary = AtomText(r);
                    break;
                case "content" when content is null:
                    content = AtomText(r);
                    break;
                case "published" or "issued" when published is null:
                    published = ReadContent(r);
                    break;
                case "created" when created is null:
                    created = ReadContent(r);
                    break;
                case "updated" or "modified" when updated is null:
                    updated = ReadContent(r);
                    break;
                default:
                    r.Skip();
                    break;
            }
        }

        r.Read();
        var date = published ?? created ?? updated;
        _entries.Add(new FeedEntry
        {
            Id = NullIfEmpty(id),
            Title = title ?? "",
            Link = NullIfEmpty(link?.Trim()) ?? NullIfEmpty(anyLink?.Trim()),
            Summary = TextContent.Cap(summary is { Length: > 0 } ? summary : content ?? "", MaxSummaryChars),
            Published = FeedDates.Parse(date),
            PublishedText = NullIfEmpty(date?.Trim()),
            Base = entryBase,
            Language = NullIfEmpty(lang),
        });
    }

    /// <summary>An Atom text construct: text, html (escaped markup) or xhtml (inline markup), in 1.0 or 0.3 form.</summary>
    private static string AtomText(XmlReader r)
    {
        var type = r.GetAttribute("type") ?? "text";
        var mode = r.GetAttribute("mode");
        var raw = ReadContent(r);
        if (mode == "base64")
        {
            return "";
        }

        return type is "html" or "text/html" || mode == "escaped" && type != "text/plain"
            ? TextContent.Html(raw)
            : TextContent.Plain(raw);
    }

    /// <summary>The text of an element and its descendants (inline markup becomes a space); the reader ends after it.</summary>
    private static string ReadContent(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return "";
        }

        var depth = r.Depth;
        r.Read();
        string? single = null;
        StringBuilder? sb = null;
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (single is null && sb is null)
                    {
                        single = r.Value;
                    }
                    else
                    {
                        sb ??= new StringBuilder(single);
                        sb.Append(r.Value);
                    }

                    break;
                case XmlNodeType.Element or XmlNodeType.EndElement:
                    sb ??= new StringBuilder(single);
                    sb.Append(' ');
                    break;
            }

            r.Read();
        }

        r.Read();
        return sb?.ToString() ?? single ?? "";
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
