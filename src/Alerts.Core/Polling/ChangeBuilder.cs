using Alerts.Core.ChangeLog;
using Alerts.Core.Detection;
using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>Turns a detected change into the change to record: its deterministic id, its classification and its story.</summary>
public sealed class ChangeBuilder(IChangeClassifier classifier, StoryIndex stories)
{
    /// <summary>The change to append for <paramref name="d"/>, with <paramref name="evidence"/>'s metadata; links (and may start) its story.</summary>
    public async Task<ChangeRecord> BuildAsync(SourceDefinition source, DetectedChange d, FetchedDocument? evidence, CancellationToken cancellationToken = default)
    {
        var change = Classified(source, d, evidence);
        return change with { StoryId = await LinkStoryAsync(source, d, cancellationToken) };
    }

    private ChangeRecord Classified(SourceDefinition source, DetectedChange d, FetchedDocument? evidence)
    {
        var previousId = d.Previous is null ? null : d.Previous.LastChangeId ?? "baseline:" + d.Previous.Version;
        var id = ChangeRecord.NewId(source.Scope, d.ItemKey, previousId, d.NewVersion);
        var title = d.Item?.Title ?? d.Previous!.Title;
        var fields = d.Item?.Fields ?? d.Previous!.Fields;
        var c = classifier.Classify(new ClassificationInput(
            source, d.ChangeType, title, d.Item?.Summary, d.Item?.DocumentType, fields, d.Diff, d.Item?.Language, d.ItemKey, d.Item?.References, d.Item?.FullText));
        return new ChangeRecord
        {
            Id = id,
            SourceId = source.Id,
            ItemKey = d.ItemKey,
            ChangeType = d.ChangeType,
            Title = title,
            Url = d.Item?.Url ?? d.Previous?.Url,
            PublishedAt = d.Item?.PublishedAt,
            DocumentType = d.Item?.DocumentType,
            Official = source.Official,
            Jurisdiction = c.Jurisdiction,
            Topics = c.Topics,
            Severity = c.Severity,
            Relevance = c.Relevance,
            // The full text read for a thin document is kept in the evidence store by its hash, named here.
            Matched = d.Item?.FullTextEvidence is { } text ? [.. c.Matched, "fulltext:sha256:" + text.ContentSha256] : c.Matched,
            Summary = c.Summary,
            Description = d.Item?.Summary,
            PreviousChangeId = d.Previous?.LastChangeId,
            References = d.Item?.References ?? [],
            ContentVersion = d.NewVersion,
            PreviousContentVersion = d.Previous?.Version,
            Diff = d.Diff,
            Evidence = evidence is null ? null : new Evidence
            {
                Url = evidence.Url,
                FetchedAt = evidence.FetchedAt,
                Status = evidence.Status,
                ETag = evidence.ETag,
                LastModified = evidence.LastModified,
                ContentType = evidence.ContentType,
                ContentSha256 = evidence.ContentSha256,
                ContentLength = evidence.ContentLength,
            },
        };
    }

    /// <summary>The story of a change: by its link keys (document number, citation, RIN, amendment date; from its full text too, when fetched) or a similar title.</summary>
    private Task<string> LinkStoryAsync(SourceDefinition source, DetectedChange d, CancellationToken cancellationToken)
    {
        var item = d.Item;
        return stories.LinkAsync(
            source,
            d.ItemKey,
            item?.Title ?? d.Previous!.Title,
            item?.Summary,
            item?.DocumentType,
            item?.References ?? [],
            item?.Fields ?? d.Previous!.Fields,
            item?.FullText,
            cancellationToken);
    }
}
