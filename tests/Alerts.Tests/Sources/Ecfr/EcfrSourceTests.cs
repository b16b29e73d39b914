using Alerts.Core.Polling;
using Alerts.Core.Sources;
using Alerts.Core.Sources.Ecfr;

namespace Alerts.Tests.Sources.Ecfr;

public sealed class EcfrSourceTests
{
    private const string Id = "ecfr-ear";

    /// <summary>Plays the eCFR versioner API for title 15, parts 744 and 774, in state 1 (2024-12-05) or 2 (2025-01-16).</summary>
    private sealed class Ecfr
    {
        public int State { get; set; } = 1;

        public string Titles { get; set; } = "titles-v1.json";

        /// <summary>Part 744's versions answer lists nothing (a broken or truncated answer of the versioner).</summary>
        public bool EmptyPart744 { get; set; }

        public async Task Handle(HttpContext ctx)
        {
            var path = ctx.Request.Path.Value ?? "";
            var q = ctx.Request.Query;
            switch (path)
            {
                case "/api/versioner/v1/titles.json":
                    await OfficialSupport.ServeFile(ctx, OfficialSupport.Fixture("ecfr", Titles));
                    return;
                case "/api/versioner/v1/versions/title-15.json" when q["issue_date[gte]"].Count == 1 && EmptyPart744 && q["part"] == "744":
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("{\"content_versions\": [], \"meta\": {}}");
                    return;
                case "/api/versioner/v1/versions/title-15.json" when q["issue_date[gte]"].Count == 1:
                    var file = q["part"].ToString() switch
                    {
                        "744" => State == 1 ? "versions-title-15-part-744-v1.json" : "versions-title-15-part-744-v2.json",
                        "774" => "versions-title-15-part-774.json",
                        _ => null,
                    };
                    if (file is not null)
                    {
                        await OfficialSupport.ServeFile(ctx, OfficialSupport.Fixture("ecfr", file));
                        return;
                    }

                    break;
                case "/api/versioner/v1/full/2024-12-05/title-15.xml" when q["section"].Count == 0 && q["appendix"].Count == 0:
                    await OfficialSupport.ServeFile(ctx, OfficialSupport.Fixture("ecfr", $"part-{q["part"]}-2024-12-05.xml"), "application/xml");
                    return;
                case "/api/versioner/v1/full/2025-01-16/title-15.xml" when q["part"] == "744" && q["section"] == "744.11":
                    await OfficialSupport.ServeFile(ctx, OfficialSupport.Fixture("ecfr", "section-744.11-2025-01-16.xml"), "application/xml");
                    return;
                case "/api/versioner/v1/full/2025-01-16/title-15.xml" when q["part"] == "744" && q["appendix"] == "Supplement No. 4 to Part 744":
                    await OfficialSupport.ServeFile(ctx, OfficialSupport.Fixture("ecfr", "appendix-supplement-4-2025-01-16.xml"), "application/xml");
                    return;
            }

            ctx.Response.StatusCode = 404;
        }
    }

    private static Task<TestServices> Services(LocalServer server) =>
        TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, new Dictionary<string, string?> { [$"Alerts:Sources:{Id}:Settings:parts"] = "744,774" }));

    [Fact]
    public async Task The_first_poll_records_a_baseline_from_one_part_document_per_part()
    {
        var ecfr = new Ecfr();
        await using var server = await LocalServer.StartAsync(ecfr.Handle);
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        Assert.True(result.Baseline);
        Assert.Empty(result.Recorded);
        Assert.Equal(5, result.ItemsRead); // 744.1, 744.11, Supplement 4, 774.1, Supplement 1
        var fullTexts = server.Requests.Where(r => r.PathAndQuery.Contains("/full/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, fullTexts.Count);
        var snapshots = await t.Get<Alerts.Core.Detection.SnapshotStore>().ReadAllAsync(Id);
        Assert.Contains("3A090 Integrated circuits", snapshots["Supplement No. 1 to Part 774"].Fields["text"], StringComparison.Ordinal);
        Assert.StartsWith("§ 744.11", snapshots["744.11"].Fields["text"], StringComparison.Ordinal);
        Assert.Contains("(b) Criteria for revising the Entity List.", snapshots["744.11"].Fields["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_version_of_a_section_is_a_change_with_the_text_before_and_after_fetching_only_new_versions()
    {
        var ecfr = new Ecfr();
        await using var server = await LocalServer.StartAsync(ecfr.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        Assert.True((await poller.PollAsync(Id)).Baseline);

        ecfr.State = 2;
        ecfr.Titles = "titles-v2.json";
        server.Requests.Clear();
        var result = await poller.PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(["744.11", "Supplement No. 4 to Part 744"], result.Recorded.Select(c => c.ItemKey).Order(StringComparer.Ordinal));
        var section = result.Recorded.Single(c => c.ItemKey == "744.11");
        Assert.Equal(ChangeType.Modified, section.ChangeType);
        Assert.Equal("CFR Section", section.DocumentType);
        var text = section.Diff.Single(d => d.Field == "text");
        Assert.DoesNotContain("(c) Advanced computing.", text.Before, StringComparison.Ordinal);
        Assert.Contains("(c) Advanced computing.", text.After, StringComparison.Ordinal);
        Assert.Equal("2025-01-16", section.Diff.Single(d => d.Field == "amendment_date").After);
        Assert.Contains("CFR:15 CFR 744.11", section.References);
        Assert.Contains("AMENDED:2025-01-16", section.References);
        var appendix = result.Recorded.Single(c => c.ItemKey == "Supplement No. 4 to Part 744");
        Assert.Equal("false", appendix.Diff.Single(d => d.Field == "substantive").After);
        Assert.Contains("Example Semiconductor Equipment", appendix.Diff.Single(d => d.Field == "text").After, StringComparison.Ordinal);

        // Only the two new versions' texts were fetched; unchanged sections and part 774 were not.
        var fullTexts = server.Requests.Where(r => r.PathAndQuery.Contains("/full/", StringComparison.Ordinal)).Select(r => r.PathAndQuery).ToList();
        Assert.Equal(2, fullTexts.Count);
        Assert.All(fullTexts, p => Assert.Contains("/full/2025-01-16/", p, StringComparison.Ordinal));
        Assert.Contains(fullTexts, p => p.Contains("section=744.11", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_versions_answer_that_suddenly_lists_no_section_of_a_part_is_held_not_recorded_as_removals()
    {
        var ecfr = new Ecfr();
        await using var server = await LocalServer.StartAsync(ecfr.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        Assert.True((await poller.PollAsync(Id)).Baseline);
        var before = await t.Get<SourceStateStore>().GetAsync(Id);

        ecfr.Titles = "titles-v2.json";
        ecfr.EmptyPart744 = true; // three of five entries gone at once
        var held = await poller.PollAsync(Id);

        Assert.False(held.Ok);
        Assert.Empty(held.Recorded);
        Assert.Contains("suspect fetch", held.Error, StringComparison.Ordinal);
        Assert.Null(await t.Get<Alerts.Core.ChangeLog.ChangeLogStore>().ReadHeadAsync());
        var state = await t.Get<SourceStateStore>().GetAsync(Id);
        Assert.Equal(before.Cursor, state.Cursor);
        Assert.Single(await t.Get<OperatorAlerts>().ListAsync(Id));

        // The versioner answers fully again: nothing was lost, nothing is recorded twice.
        ecfr.EmptyPart744 = false;
        ecfr.State = 2;
        var after = await poller.PollAsync(Id);
        Assert.True(after.Ok, after.Error);
        Assert.Equal(["744.11", "Supplement No. 4 to Part 744"], after.Recorded.Select(c => c.ItemKey).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(after.Recorded, c => c.ChangeType == ChangeType.Removed);
    }

    [Fact]
    public async Task An_unchanged_title_costs_one_request_and_records_nothing()
    {
        var ecfr = new Ecfr();
        await using var server = await LocalServer.StartAsync(ecfr.Handle);
        await using var t = await Services(server);

        var result = await SourcePolls.SecondPollAsync(t, server, Id);

        Assert.True(result.Ok, result.Error);
        Assert.Empty(result.Recorded);
        Assert.Equal(["/api/versioner/v1/titles.json"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_title_being_processed_is_a_wait_not_a_failure()
    {
        var ecfr = new Ecfr { Titles = "titles-processing.json" };
        await using var server = await LocalServer.StartAsync(ecfr.Handle);
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.True(result.Ok);
        Assert.True(result.Waiting);
        Assert.Empty(result.Recorded);
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.Contains("/versions/", StringComparison.Ordinal));
        var state = await t.Get<SourceStateStore>().GetAsync(Id);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.LastError);
        // The scheduler will not poll it again before the wait is over.
        Assert.True(state.NextDueAt > DateTimeOffset.UtcNow, $"NextDueAt {state.NextDueAt}");
    }

    [Fact]
    public async Task A_503_with_Retry_After_is_a_wait_not_a_failure()
    {
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = 503;
            ctx.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        });
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        await SourcePolls.AssertAWaitNotAFailureAsync(t, Id, result);
    }

    [Fact]
    public async Task Full_text_with_a_DTD_is_refused_and_records_nothing()
    {
        var ecfr = new Ecfr();
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            if ((ctx.Request.Path.Value ?? "").Contains("/full/", StringComparison.Ordinal))
            {
                await LocalServer.Respond(ctx, """
                    <?xml version="1.0"?>
                    <!DOCTYPE DIV5 [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                    <DIV5 N="744" TYPE="PART"><DIV8 N="744.1" TYPE="SECTION"><HEAD>&xxe;</HEAD></DIV8></DIV5>
                    """, "application/xml");
                return;
            }

            await ecfr.Handle(ctx);
        });
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("DTD", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await t.Get<Alerts.Core.Detection.SnapshotStore>().ReadAllAsync(Id));
        Assert.Equal(1, (await t.Get<SourceStateStore>().GetAsync(Id)).ConsecutiveFailures);
    }

    [Fact]
    public void Parts_accept_ranges_and_refuse_anything_else()
    {
        var def = new SourceDefinition { Id = Id, Kind = EcfrSource.KindName, DefaultBaseUrl = "https://www.ecfr.gov", Settings = new Dictionary<string, string> { ["parts"] = "730-734,744" } };
        Assert.Equal(["730", "731", "732", "733", "734", "744"], EcfrSource.Parts(def));

        var bad = def with { Settings = new Dictionary<string, string> { ["parts"] = "744,../../etc" } };
        var ex = Assert.Throws<SourceException>(() => EcfrSource.Parts(bad));
        Assert.Contains("'../../etc'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_section_missing_from_the_part_document_is_fetched_on_its_own_for_the_baseline()
    {
        var ecfr = new Ecfr();
        var part774 = await File.ReadAllTextAsync(OfficialSupport.Fixture("ecfr", "part-774-2024-12-05.xml"));
        var start = part774.IndexOf("<DIV9", StringComparison.Ordinal);
        var end = part774.IndexOf("</DIV9>", StringComparison.Ordinal) + "</DIV9>".Length;
        var appendix = part774[start..end];
        var withoutAppendix = part774.Remove(start, end - start);
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            var q = ctx.Request.Query;
            if (ctx.Request.Path == "/api/versioner/v1/full/2024-12-05/title-15.xml" && q["part"] == "774")
            {
                await LocalServer.Respond(ctx, q["appendix"] == "Supplement No. 1 to Part 774" ? appendix : q["appendix"].Count == 0 ? withoutAppendix : "<none/>", "application/xml");
                return;
            }

            await ecfr.Handle(ctx);
        });
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("appendix=Supplement%20No.%201%20to%20Part%20774", StringComparison.Ordinal));
        var snapshots = await t.Get<Alerts.Core.Detection.SnapshotStore>().ReadAllAsync(Id);
        Assert.Contains("3A090", snapshots["Supplement No. 1 to Part 774"].Fields["text"], StringComparison.Ordinal);
    }
}
