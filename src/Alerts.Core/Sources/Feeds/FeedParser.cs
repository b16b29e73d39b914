using System.Xml;

namespace Alerts.Core.Sources.Feeds;

/// <summary>
/// RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3 and Atom 1.0 on a forward-only XmlReader that refuses DTDs. Documents that
/// are not well-formed but readable (an unescaped ampersand, an HTML entity, an undeclared prefix, a declaration after
/// white space, a missing end tag after the last item) are read a second time from a repaired text; a document whose
/// items are cut off, or that is empty or not XML, is a <see cref="FeedReadException"/>.
/// </summary>
public static class FeedParser
{
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
        text = FeedRepair.TrimProlog(text);
        if (text.Length == 0)
        {
            throw new FeedReadException("the feed is empty (only white space)");
        }

        try
        {
            return new FeedDocumentReader(text, lenient: false).Read();
        }
        catch (XmlException strict)
        {
            RefuseDoctype(text, strict);
            var repaired = FeedRepair.Repair(text);
            try
            {
                return new FeedDocumentReader(repaired, lenient: true).Read() with { Recovered = true };
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
        var root = FeedRepair.FirstElement(text);
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
}
