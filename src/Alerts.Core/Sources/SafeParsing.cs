using System.Xml;

namespace Alerts.Core.Sources;

/// <summary>Parsing with the limits every source must hold against hostile documents.</summary>
public static partial class SafeParsing
{
    /// <summary>JSON nesting deeper than this is refused.</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>Parses JSON with a depth cap; invalid JSON is a <see cref="SourceException"/> naming the source.</summary>
    public static JsonDocument ParseJson(string sourceId, ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxJsonDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw new SourceException($"{sourceId}: the response is not valid JSON ({ex.Message})", inner: ex);
        }
    }

    /// <summary>XML reader settings that refuse DTDs and external entities.</summary>
    public static XmlReaderSettings XmlSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = 256L * 1024 * 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        Async = false,
    };

    /// <summary>Markup to plain text: tags removed, entities decoded, white space folded.</summary>
    public static string HtmlToText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var noTags = TagPattern().Replace(html, " ");
        return FoldWhitespace(WebUtility.HtmlDecode(noTags));
    }

    /// <summary>Runs of white space become one space; ends trimmed.</summary>
    public static string FoldWhitespace(string? text) => FoldWhitespace(text, static c => c);

    /// <summary>
    /// Runs of white space and control characters become one space; ends trimmed. <paramref name="map"/> sees each character
    /// first: it returns the character to use, or null to drop it without breaking the run it stands in.
    /// </summary>
    public static string FoldWhitespace(string? text, Func<char, char?> map)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (map(ch) is not { } c)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
