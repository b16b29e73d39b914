namespace Alerts.Core.Sources;

/// <summary>
/// The full text of an item whose listing is too thin to classify, fetched once through the poll's own
/// <see cref="SourceFetcher"/> (origin pinned, size cap, time-out, counted). Used by the Federal Register source
/// (raw_text_url) and by page sources (the entry's own link); see docs/detection.md.
/// </summary>
public static class FullTexts
{
    /// <summary>Characters of a full text the classifier reads (a long rule's first 400,000 characters hold its preamble, summary and amendments).</summary>
    public const int MaxChars = 400_000;

    /// <summary>
    /// Fetches <paramref name="link"/> and returns <paramref name="item"/> with its <see cref="SourceItem.FullText"/> and
    /// <see cref="SourceItem.FullTextEvidence"/>; a text that cannot be fetched (404, over the cap, time-out) leaves the
    /// item as it was, to be classified on what its listing says.
    /// </summary>
    public static async Task<SourceItem> FetchIntoAsync(
        SourceContext context, SourceItem item, string link, string accept, Func<FetchedDocument, string> toText, CancellationToken cancellationToken = default)
    {
        FetchedDocument? doc;
        try
        {
            doc = await context.Http.GetAsync(link, conditional: false, accept, cancellationToken);
        }
        catch (SourceException)
        {
            return item;
        }

        if (doc is null)
        {
            return item;
        }

        var text = toText(doc);
        return item with { FullText = text.Length > MaxChars ? text[..MaxChars] : text, FullTextEvidence = doc };
    }
}
