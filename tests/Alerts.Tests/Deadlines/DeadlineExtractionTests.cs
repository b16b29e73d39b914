using Alerts.Core.Deadlines;
using Alerts.Core.Sources;
using Alerts.Core.Sources.FederalRegister;
using Alerts.Tests.Detection;
using Xunit.Abstractions;

namespace Alerts.Tests.Deadlines;

public sealed class DeadlineExtractionTests(ITestOutputHelper output)
{
    private static readonly SourceDefinition Source = new() { Id = "federal-register", Kind = FederalRegisterSource.KindName, DefaultBaseUrl = "https://example.invalid" };

    private static readonly FetchedDocument Evidence = new() { Url = "https://www.federalregister.gov/api/v1/documents.json", FetchedAt = DateTimeOffset.UnixEpoch, Status = 200, ContentSha256 = "" };

    private static SourceItem Item(JsonElement document, string? fullText = null) =>
        (FederalRegisterSource.ToItem(document, Evidence, Source) ?? throw new InvalidDataException("not a document")) with { FullText = fullText };

    private static string Dates(IEnumerable<ExtractedDate> found) => string.Join("; ", found.Select(f => $"{f.Kind} {f.Date:yyyy-MM-dd}"));

    [Fact]
    public void Effective_dates_come_from_the_effective_on_field_of_the_Federal_Register_documents()
    {
        var documents = new[] { "documents-page1.json", "documents-page2.json" }
            .SelectMany(f => JsonDocument.Parse(FederalRegisterServer.Fixture(f)).RootElement.GetProperty("results").EnumerateArray());
        var byNumber = documents.ToDictionary(r => r.GetProperty("document_number").GetString()!, r => DeadlineExtractor.Extract(Item(r)));

        // The AI diffusion interim final rule (published 2025-01-15, effective 2025-01-13) and the December 2024 rule.
        Assert.Equal("effective 2025-01-13", Dates(byNumber["2025-00636"].Where(f => f.Basis == "effective_on")));
        Assert.Equal("effective 2024-12-02", Dates(byNumber["2024-28267"]));
        Assert.Empty(byNumber["2024-28270"]);
    }

    [Fact]
    public void Dates_written_in_the_text_of_the_labelled_2025_2026_documents_are_found()
    {
        var events = LabelledSet.Load().Where(d => d.File == "events-2025-2026" && d.FederalRegister is { ValueKind: JsonValueKind.Object }).ToList();
        var found = events.ToDictionary(d => d.FederalRegister!.Value.GetProperty("document_number").GetString()!,
            d => DeadlineExtractor.Extract(Item(d.FederalRegister!.Value, d.Thin ? SafeParsing.HtmlToText(d.FullText) : null)));

        // VEU removals "effective December 31, 2025"; the executive order reducing the IEEPA duty "effective November 10, 2025".
        Assert.Contains(found["2025-16803"], f => f.Kind == DeadlineKinds.Effective && f.Date == new DateOnly(2025, 12, 31));
        Assert.Contains(found["2025-21300"], f => f.Kind == DeadlineKinds.Effective && f.Date == new DateOnly(2025, 11, 10));
        // "published January 15, 2025, before its compliance date" names no compliance date: nothing is made up.
        Assert.DoesNotContain(found["2025-08823"], f => f.Kind == DeadlineKinds.Compliance);

        var withDates = found.Where(f => f.Value.Count > 0).ToList();
        output.WriteLine($"{withDates.Count} of {found.Count} Federal Register documents of the 2025-2026 set have dates in their text:");
        foreach (var (number, dates) in withDates)
        {
            output.WriteLine($"  {number}: {Dates(dates)}");
        }

        Assert.True(withDates.Count >= 2);
    }

    [Theory]
    [InlineData("This rule is effective 30 days after publication in the Federal Register.", "effective 2026-02-04")]
    [InlineData("This rule is effective thirty days after the date of publication.", "effective 2026-02-04")]
    [InlineData("Comments must be received by January 5, 2026.", "comments 2026-01-05")]
    [InlineData("Written comments must be received on or before Feb. 9, 2026, to be considered.", "comments 2026-02-09")]
    [InlineData("Effective date: This rule is effective on the date of publication.", "effective 2026-01-05")]
    [InlineData("Compliance date: Compliance with the reporting requirements is required by March 1, 2026.", "compliance 2026-03-01")]
    [InlineData("The amendments take effect 2026-04-01.", "effective 2026-04-01")]
    [InlineData("These measures shall apply from 1 August 2026.", "effective 2026-08-01")]
    [InlineData("This rule is effective 04/15/2026.", "effective 2026-04-15")]
    [InlineData("Comments on the proposal must be submitted within 60 days of publication.", "comments 2026-03-06")]
    [InlineData("BIS expands export controls on advanced computing items published January 15, 2025.", "")]
    [InlineData("The effective export controls on items are described in the notice of December 2, 2024.", "")]
    public void Dates_are_read_from_the_sentences_sources_use(string text, string expected)
    {
        var found = DeadlineExtractor.Extract(new Dictionary<string, string>(), new Dictionary<string, string>(), new DateOnly(2026, 1, 5), text);
        Assert.Equal(expected, Dates(found));
    }

    [Fact]
    public void The_comment_close_date_field_and_the_DATES_section_are_read_without_making_a_new_version()
    {
        var json = """
            {"document_number":"2026-00001","title":"Export controls on items","type":"Proposed Rule","publication_date":"2026-01-05",
             "html_url":"https://www.federalregister.gov/d/2026-00001","comments_close_on":"2026-03-06",
             "dates":"<p>Comments must be received by March 6, 2026. The compliance date is June 1, 2026.</p>","agencies":[]}
            """;
        var item = Item(JsonDocument.Parse(json).RootElement);

        Assert.Equal("comments 2026-03-06; compliance 2026-06-01", Dates(DeadlineExtractor.Extract(item)));
        Assert.DoesNotContain("comments_close_on", item.Fields.Keys);
        Assert.DoesNotContain("dates", item.Fields.Keys);
    }

    [Theory]
    [InlineData("February 30, 2026")]
    [InlineData("13/45/2026")]
    [InlineData("Smarch 5, 2026")]
    public void An_impossible_date_is_no_date(string text) => Assert.Null(DeadlineExtractor.ParseDate(text));

    [Fact]
    public void Text_from_a_source_cannot_add_a_property_or_an_event_to_a_calendar()
    {
        var evil = "Rule\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected; a, b \\ c " + new string('é', 80);
        var d = new Deadline
        {
            ChangeId = "chg_1", SourceId = "federal-register", ItemKey = "2026-00001", Kind = DeadlineKinds.Effective, Date = new DateOnly(2026, 2, 4),
            Title = evil, Url = "https://www.federalregister.gov/d/2026-00001\r\nX-EVIL:1", Basis = "effective_on", RecordedAt = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero),
        };
        var ics = CalendarWriter.Write("Team, \"A\"", [d, d with { Url = "https://www.federalregister.gov/d/2026-00001", Kind = DeadlineKinds.Comments }], "alerts.example.test");

        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var physical = ics.Split("\r\n")[..^1];
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.DoesNotContain(lines, l => l.StartsWith("X-EVIL", StringComparison.Ordinal) || l.StartsWith("SUMMARY:injected", StringComparison.Ordinal));
        Assert.Contains(
            @"SUMMARY:Effective date: Rule\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected\; a\, b \\ c é",
            lines.Single(l => l.StartsWith("SUMMARY:Effective", StringComparison.Ordinal)),
            StringComparison.Ordinal);
        Assert.Contains("DTSTART;VALUE=DATE:20260204", lines);
        Assert.Contains("DTEND;VALUE=DATE:20260205", lines);
        Assert.Contains("DTSTAMP:20260105T100000Z", lines);
        Assert.Single(lines, l => l.StartsWith("URL:", StringComparison.Ordinal));
        Assert.Contains("X-WR-CALNAME:Team\\, \"A\"", lines);
        var uids = lines.Where(l => l.StartsWith("UID:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, uids.Distinct().Count());
        Assert.All(uids, u => Assert.EndsWith("@alerts.example.test", u, StringComparison.Ordinal));
    }
}
