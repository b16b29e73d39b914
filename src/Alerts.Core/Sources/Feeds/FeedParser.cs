using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Alerts.Core.Sources.Feeds;

/// <summary>
/// RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3 and Atom 1.0 on a forward-only XmlReader that refuses DTDs. Documents that
/// are not well-formed but readable (an unescaped ampersand, an HTML entity, an undeclared prefix, a declaration after
/// white space, a missing end tag after the last item) are read a second time from a repaired text; a document whose
/// items are cut off, or that is empty or not XML, is a <see cref="FeedReadException"/>.
/// </summary>
public static partial class FeedParser
{
    private const int MaxSummaryChars = 2000;
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    /// <summary>Decodes (see <see cref="TextDecoding"/>) and parses.</summary>
    public static ParsedFeed Parse(ReadOnlySpan<byte> bytes, string? httpCharset = null, string? charsetOverride = null)
    {
        if (bytes.IsEmpty)
        {
            throw new FeedReadException("the feed is empty (0 bytes)");
        }

        return ParseText(TextDecoding.DecodeXml(bytes, httpCharset, charsetOverride));
    }

    /// <summary>Parses a decoded document.</summary>
    public static ParsedFeed ParseText(string text)
    {
        text = TrimProlog(text);
        if (text.Length == 0)
        {
            throw new FeedReadException("the feed is empty (only white space)");
        }

        try
        {
            return new Reader(text, lenient: false).Read();
        }
        catch (XmlException strict)
        {
            RefuseDoctype(text, strict);
            var repaired = Repair(text);
            try
            {
                return new Reader(repaired, lenient: true).Read() with { Recovered = true };
            }
            catch (XmlException ex)
            {
                throw new FeedReadException(Describe(ex, repaired), ex);
            }
        }
    }

    private static string Describe(XmlException ex, string text)
    {
        if (ex.Message.Contains("Root element is missing", StringComparison.Ordinal))
        {
            return "the document has no root element (empty, or only comments): not a feed";
        }

        if (ex.Message.Contains("Data at the root level is invalid", StringComparison.Ordinal) && ex.LineNumber <= 1 && ex.LinePosition <= 1)
        {
            return $"the document is not XML (it starts with '{Excerpt(text)}')";
        }

        if (ex.Message.Contains("Unexpected end of file", StringComparison.Ordinal))
        {
            return $"the feed is truncated: the document ends before its items are complete (line {ex.LineNumber}, position {ex.LinePosition})";
        }

        return $"the feed is not well-formed XML and cannot be repaired: {ex.Message}";
    }

    private static string Excerpt(string text)
    {
        var s = SafeParsing.FoldWhitespace(text.Length > 40 ? text[..40] : text);
        return s;
    }

    private static void RefuseDoctype(string text, XmlException ex)
    {
        var root = FirstElement(text);
        var prolog = root < 0 ? text : text[..root];
        var doctype = prolog.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (doctype >= 0)
        {
            if (prolog.AsSpan(doctype + 9).TrimStart().StartsWith("html", StringComparison.OrdinalIgnoreCase))
            {
                throw new FeedReadException("the response is an HTML page, not a feed", ex);
            }

            throw new FeedReadException("the feed has a document type declaration (DTD), which is refused: DTDs and entity declarations are never processed", ex);
        }

        if (prolog.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedReadException("the feed declares entities, which is refused", ex);
        }
    }

    /// <summary>Index of the first element start tag (not a comment, declaration or processing instruction).</summary>
    private static int FirstElement(string text)
    {
        var i = 0;
        while ((i = text.IndexOf('<', i)) >= 0)
        {
            if (i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                return i;
            }

            if (string.CompareOrdinal(text, i, "<!--", 0, 4) == 0)
            {
                var end = text.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                i = end + 3;
                continue;
            }

            i++;
        }

        return -1;
    }

    /// <summary>A BOM, white space before the XML declaration, or a declaration after comments: removed.</summary>
    private static string TrimProlog(string text)
    {
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
        {
            start++;
        }

        if (start > 0)
        {
            text = text[start..];
        }

        if (!text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            var root = FirstElement(text);
            var decl = text.IndexOf("<?xml", StringComparison.Ordinal);
            if (decl > 0 && (root < 0 || decl < root) && decl + 5 < text.Length && char.IsWhiteSpace(text[decl + 5]))
            {
                var end = text.IndexOf("?>", decl, StringComparison.Ordinal);
                if (end > 0)
                {
                    text = string.Concat(text.AsSpan(0, decl), text.AsSpan(end + 2));
                }
            }
        }

        return text;
    }

    /// <summary>
    /// The lenient path's repairs: bare ampersands escaped, HTML named entities turned into characters, characters XML
    /// forbids removed, and namespace prefixes used without a declaration declared on the root element.
    /// </summary>
    internal static string Repair(string text)
    {
        var s = AmpersandPattern().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (name.Length == 0)
            {
                return "&amp;";
            }

            if (name is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                return m.Value;
            }

            var decoded = WebUtility.HtmlDecode(m.Value);
            if (decoded == m.Value)
            {
                return "&amp;" + name + ";";
            }

            var sb = new StringBuilder();
            foreach (var rune in decoded.EnumerateRunes())
            {
                sb.Append("&#").Append(rune.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(';');
            }

            return sb.ToString();
        });

        var clean = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '\t' or '\n' or '\r' || (c >= ' ' && c != '\uFFFE' && c != '\uFFFF'))
            {
                clean.Append(c);
            }
        }

        s = clean.ToString();
        var declared = new HashSet<string>(StringComparer.Ordinal) { "xml", "xmlns" };
        foreach (Match m in DeclaredPrefixPattern().Matches(s))
        {
            declared.Add(m.Groups[1].Value);
        }

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in UsedPrefixPattern().Matches(s))
        {
            if (!declared.Contains(m.Groups[1].Value))
            {
                missing.Add(m.Groups[1].Value);
            }
        }

        var root = FirstElement(s);
        if (missing.Count > 0 && root >= 0)
        {
            var nameEnd = root + 1;
            while (nameEnd < s.Length && !char.IsWhiteSpace(s[nameEnd]) && s[nameEnd] is not ('>' or '/'))
            {
                nameEnd++;
            }

            var decls = string.Concat(missing.Select(p => $" xmlns:{p}=\"urn:x-undeclared:{p}\""));
            s = string.Concat(s.AsSpan(0, nameEnd), decls, s.AsSpan(nameEnd));
        }

        return s;
    }

    [GeneratedRegex(@"&(?:(?<name>[A-Za-z][A-Za-z0-9]{0,31});|#[0-9]{1,7};|#x[0-9A-Fa-f]{1,6};)?", RegexOptions.CultureInvariant)]
    private static partial Regex AmpersandPattern();

    [GeneratedRegex(@"xmlns:([A-Za-z_][\w.\-]*)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredPrefixPattern();

    [GeneratedRegex(@"</?([A-Za-z_][\w.\-]*):[A-Za-z_]", RegexOptions.CultureInvariant)]
    private static partial Regex UsedPrefixPattern();

    /// <summary>One pass over a document.</summary>
    private sealed class Reader(string text, bool lenient)
    {
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
}
