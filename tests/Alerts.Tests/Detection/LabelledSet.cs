using System.Text.Json.Serialization;
using Alerts.Core.Detection;
using Alerts.Core.Sources;
using Alerts.Core.Sources.FederalRegister;

namespace Alerts.Tests.Detection;

/// <summary>One labelled document of Fixtures/labelled/*.jsonl (see the README there).</summary>
public sealed record LabelledDocument
{
    public required string Id { get; init; }
    public string Follows { get; init; } = "";
    public required LabelledSource Source { get; init; }
    public ChangeType ChangeType { get; init; } = ChangeType.Added;
    public string? ItemKey { get; init; }
    public required string Title { get; init; }
    public string? Summary { get; init; }
    public string? DocumentType { get; init; }
    public string? Language { get; init; }
    public Dictionary<string, string> Fields { get; init; } = [];
    public List<string> References { get; init; } = [];
    public List<FieldChange> Diff { get; init; } = [];
    public required Expectation Expected { get; init; }

    /// <summary>A Federal Register API v1 document object: the input is built from it by the real parser.</summary>
    public JsonElement? FederalRegister { get; init; }

    /// <summary>What the document's raw_text_url gives (a thin Federal Register document), read as the source reads it.</summary>
    public string? FullText { get; init; }

    /// <summary>The file the document came from (corpus, handwritten, holdout).</summary>
    [JsonIgnore]
    public string File { get; init; } = "";

    /// <summary>True when the source would fetch this document's full text (a Federal Register document with no abstract, or a presidential one).</summary>
    public bool Thin => FederalRegister is not null && FullText is not null && (string.IsNullOrEmpty(Summary) || DocumentType == "Presidential Document");

    public ClassificationInput ToInput(bool withFullText = true)
    {
        var source = new SourceDefinition { Id = Source.Id, Kind = Source.Kind, Jurisdiction = Source.Jurisdiction, Official = Source.Official, DefaultBaseUrl = "https://example.invalid" };
        if (FederalRegister is { ValueKind: JsonValueKind.Object } document)
        {
            var evidence = new FetchedDocument { Url = "https://www.federalregister.gov/api/v1/documents.json", FetchedAt = DateTimeOffset.UnixEpoch, Status = 200, ContentSha256 = "" };
            var item = FederalRegisterSource.ToItem(document, evidence, source) ?? throw new InvalidDataException(Id + ": not a Federal Register document");
            var text = withFullText && Thin ? SafeParsing.HtmlToText(FullText) : null;
            return new(source, ChangeType, item.Title, item.Summary, item.DocumentType, item.Fields, Diff, item.Language, item.ItemKey, item.References, text);
        }

        return new(source, ChangeType, Title, Summary, DocumentType, Fields, Diff, Language, ItemKey, References);
    }
}

public sealed record LabelledSource(string Id, string Kind, string Jurisdiction, bool Official);

public sealed record Expectation(bool Relevant, string? Jurisdiction, List<string> Topics, List<Severity> Severity);

public static class LabelledSet
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public static string Folder => Path.Combine(Paths.Fixtures, "labelled");

    public static List<LabelledDocument> Load() =>
        [.. Directory.GetFiles(Folder, "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(f => System.IO.File.ReadLines(f).Where(l => l.Trim().Length > 0)
                .Select(l => JsonSerializer.Deserialize<LabelledDocument>(l, Json)! with { File = Path.GetFileNameWithoutExtension(f) }))];
}
