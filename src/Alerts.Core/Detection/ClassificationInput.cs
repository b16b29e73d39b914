using Alerts.Core.ChangeLog;
using Alerts.Core.Sources;

namespace Alerts.Core.Detection;

/// <summary>
/// What the classifier reads of a change. <paramref name="ItemKey"/> (HTS number, CFR section, document number) and
/// <paramref name="References"/> help the summary and codes; <paramref name="FullText"/> is the document's text when its
/// source fetched it because the metadata was thin (hits there are reported as <c>term@fulltext:offset</c>).
/// </summary>
public sealed record ClassificationInput(
    SourceDefinition Source, ChangeType ChangeType, string Title, string? Summary, string? DocumentType, IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<FieldChange> Diff, string? Language, string? ItemKey = null, IReadOnlyList<string>? References = null, string? FullText = null);
