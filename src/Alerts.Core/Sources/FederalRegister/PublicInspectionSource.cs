namespace Alerts.Core.Sources.FederalRegister;

/// <summary>
/// Documents on public inspection (public-inspection-documents/current.json), the day before publication. It shares its
/// snapshot scope with the Federal Register source, so when the document is published it is the next change of the
/// same item. Settings: agencies (slugs always kept), keywords (|-separated; a document of another agency is kept when
/// its title or subjects contain one).
/// </summary>
public sealed class PublicInspectionSource : ISourceAdapter
{
    public const string KindName = "federal-register-public-inspection";

    private static readonly string[] SubjectFields = ["toc_subject", "toc_doc", "subject_1", "subject_2", "subject_3"];

    public string Kind => KindName;

    public async Task<FetchResult> FetchAsync(SourceContext context, CancellationToken cancellationToken = default)
    {
        var source = context.Source;
        var agencies = new HashSet<string>(FederalRegisterSource.Split(source.Setting("agencies") ?? "", ','), StringComparer.OrdinalIgnoreCase);
        var keywords = FederalRegisterSource.Split(source.Setting("keywords") ?? "", '|');
        var doc = await context.Http.GetAsync("/api/v1/public-inspection-documents/current.json", conditional: true, accept: "application/json", cancellationToken);
        if (doc is null)
        {
            return new FetchResult { NotModified = true, RequestCount = context.Http.RequestCount };
        }

        using var json = SafeParsing.ParseJson(source.Id, doc.Content);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SourceException($"{source.Id}: expected a JSON object from public-inspection-documents, got {root.ValueKind}");
        }

        var items = new List<SourceItem>();
        if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in results.EnumerateArray())
            {
                if (FederalRegisterSource.Str(r, "document_number") is not { Length: > 0 } number)
                {
                    continue;
                }

                var title = SafeParsing.FoldWhitespace(FederalRegisterSource.Str(r, "title") ?? number);
                var subjects = string.Join(" ", SubjectFields.Select(k => FederalRegisterSource.Str(r, k)).OfType<string>());
                var slugs = FederalRegisterSource.Slugs(r);
                var text = title + " " + subjects;
                if (!slugs.Any(agencies.Contains) && !keywords.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var type = FederalRegisterSource.Str(r, "type") ?? "Document";
                var publication = FederalRegisterSource.Str(r, "publication_date");
                // page_views and the pdf_url cache-busting query change between fetches: they are not part of the content.
                var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["stage"] = "public-inspection",
                    ["title"] = title,
                    ["type"] = type,
                    ["subjects"] = SafeParsing.FoldWhitespace(subjects),
                    ["publication_date"] = publication ?? "",
                    ["filed_at"] = FederalRegisterSource.Str(r, "filed_at") ?? "",
                    ["filing_type"] = FederalRegisterSource.Str(r, "filing_type") ?? "",
                    ["agencies"] = string.Join("; ", FederalRegisterSource.Names(r, "agencies", "name", "raw_name")),
                };
                items.Add(new SourceItem
                {
                    ItemKey = number,
                    Title = title,
                    Url = FederalRegisterSource.Str(r, "html_url") ?? StripQuery(FederalRegisterSource.Str(r, "pdf_url")),
                    PublishedAt = FederalRegisterSource.ParseDate(publication),
                    Summary = fields["subjects"].Length > 0 ? fields["subjects"] : null,
                    DocumentType = type,
                    Language = "en",
                    Fields = fields,
                    References = ["FR:" + number],
                    Stage = 0,
                    Evidence = doc,
                });
            }
        }

        return new FetchResult { Items = items, RequestCount = context.Http.RequestCount };
    }

    private static string? StripQuery(string? url) => url is null ? null : url.Split('?', 2)[0];
}
