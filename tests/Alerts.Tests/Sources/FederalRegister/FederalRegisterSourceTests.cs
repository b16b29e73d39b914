using Alerts.Core.Polling;

namespace Alerts.Tests.Sources.FederalRegister;

public sealed class FederalRegisterSourceTests
{
    [Fact]
    public async Task A_poll_records_every_document_of_every_page_and_follows_next_page_to_the_configured_origin()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("federal-register");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(["2024-28267", "2024-28270", "2025-00636"], result.Recorded.Select(c => c.ItemKey).Order());
        // Page 2 came from next_page_url, whose host is the real service's: it was sent to the local server instead.
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("page=2", StringComparison.Ordinal));
        var byKey = result.Recorded.ToDictionary(c => c.ItemKey);
        Assert.Equal(ChangeType.Added, byKey["2025-00636"].ChangeType);
        Assert.Contains("CITATION:90 FR 4544", byKey["2025-00636"].References);
        Assert.Contains("RIN:0694-AJ90", byKey["2025-00636"].References);
        // HTML in an abstract arrives as text.
        var abstractText = byKey["2024-28270"].Description!;
        Assert.DoesNotContain("<", abstractText, StringComparison.Ordinal);
        Assert.Contains("semiconductor manufacturing equipment and high-bandwidth memory (HBM) & to add", abstractText, StringComparison.Ordinal);
        // Null fields (abstract, docket_ids, cfr_references) are read as empty, not as failures.
        Assert.Null(byKey["2024-28267"].Description);
        Assert.Equal(new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero), byKey["2025-00636"].PublishedAt);
        Assert.All(result.Recorded, c => Assert.Equal(64, c.Evidence!.ContentSha256.Length));
    }

    [Fact]
    public async Task A_second_poll_with_nothing_new_records_nothing_reads_one_request_per_page_and_writes_no_table()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var second = await SourcePolls.SecondPollAsync(t, server, "federal-register");

        Assert.True(second.Ok, second.Error);
        Assert.Empty(second.Recorded);
        // Two pages of the agency search and one (empty) page of each of the three term searches.
        Assert.Equal(5, second.Requests);
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(0, second.TableWrites);
        // The later poll continues from the newest publication date seen (that day included, for late documents).
        Assert.All(server.Requests, r => Assert.Contains("conditions%5Bpublication_date%5D%5Bgte%5D=2025-01-15", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(3, (await t.Get<ChangeLogStore>().ReadHeadAsync())!.Value.Sequence);
    }

    [Fact]
    public async Task The_first_poll_looks_back_the_configured_window()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var settings = FederalRegisterServer.Settings(server.BaseUri);
        settings["Alerts:Sources:federal-register:Settings:lookbackDays"] = "10";
        await using var t = await TestServices.CreateAsync(settings, clock);

        await t.Get<PollService>().PollAsync("federal-register");

        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("conditions%5Bpublication_date%5D%5Bgte%5D=2026-11-18", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_document_whose_abstract_changes_is_recorded_as_a_modification_linked_to_the_first()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));
        var poller = t.Get<PollService>();
        var first = await poller.PollAsync("federal-register");
        server.Handler = ctx => ctx.Request.Query["page"] == "2"
            ? LocalServer.Respond(ctx, FederalRegisterServer.Fixture("documents-page2.json").Replace("refine controls", "tighten controls", StringComparison.Ordinal))
            : FederalRegisterServer.Documents(ctx);

        var second = await poller.PollAsync("federal-register");

        var change = Assert.Single(second.Recorded);
        Assert.Equal(ChangeType.Modified, change.ChangeType);
        Assert.Equal("2024-28270", change.ItemKey);
        Assert.Equal(first.Recorded.Single(c => c.ItemKey == "2024-28270").Id, change.PreviousChangeId);
        var abstractDiff = Assert.Single(change.Diff);
        Assert.Equal("abstract", abstractDiff.Field);
        Assert.Contains("refine controls", abstractDiff.Before, StringComparison.Ordinal);
        Assert.Contains("tighten controls", abstractDiff.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_on_public_inspection_is_recorded_first_and_its_publication_is_the_next_change_of_the_same_item()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));
        var poller = t.Get<PollService>();

        var inspection = await poller.PollAsync("federal-register-public-inspection");
        var published = await poller.PollAsync("federal-register");
        var inspectionAgain = await poller.PollAsync("federal-register-public-inspection");

        // Only the BIS document is kept; the unrelated ITA notice is not.
        var early = Assert.Single(inspection.Recorded);
        Assert.Equal("2025-00636", early.ItemKey);
        var later = published.Recorded.Single(c => c.ItemKey == "2025-00636");
        Assert.Equal(ChangeType.Modified, later.ChangeType);
        Assert.Equal(early.Id, later.PreviousChangeId);
        Assert.Contains(later.Diff, d => d.Field == "stage" && d.Before == "public-inspection" && d.After == "published");
        Assert.True(later.Sequence > early.Sequence);
        // Still listed on public inspection after publication: not a change back.
        Assert.Empty(inspectionAgain.Recorded);
    }

    [Fact]
    public async Task Page_views_and_the_cache_busting_pdf_query_of_public_inspection_are_not_changes()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));
        var poller = t.Get<PollService>();
        await poller.PollAsync("federal-register-public-inspection");
        server.Handler = ctx => LocalServer.Respond(ctx, FederalRegisterServer.Fixture("public-inspection-current.json")
            .Replace("\"count\": 1523", "\"count\": 9999", StringComparison.Ordinal)
            .Replace("?1736775900", "?1736779999", StringComparison.Ordinal));

        var again = await poller.PollAsync("federal-register-public-inspection");

        Assert.True(again.Ok, again.Error);
        Assert.Empty(again.Recorded);
    }

    [Fact]
    public async Task An_error_body_of_400_is_a_source_failure_that_records_nothing_and_is_reported()
    {
        await using var server = await LocalServer.StartAsync(ctx =>
            LocalServer.Respond(ctx, "{\"status\":400,\"message\":\"We couldn't understand your request, please check your parameters\"}", status: 400));
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("federal-register");

        Assert.False(result.Ok);
        Assert.Contains("federal-register", result.Error, StringComparison.Ordinal);
        Assert.Contains("400", result.Error, StringComparison.Ordinal);
        Assert.Contains("check your parameters", result.Error, StringComparison.Ordinal);
        Assert.Null(await t.Get<ChangeLogStore>().ReadHeadAsync());
        var state = await t.Get<SourceStateStore>().GetAsync("federal-register");
        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(result.Error, state.LastError);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_wait_the_server_asks_for()
    {
        var calls = 0;
        await using var server = await LocalServer.StartAsync(ctx =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                ctx.Response.Headers.RetryAfter = "1";
                return LocalServer.Respond(ctx, "{\"status\":429,\"message\":\"Too many requests\"}", status: 429);
            }

            return FederalRegisterServer.Documents(ctx);
        });
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("federal-register");

        Assert.True(result.Ok, result.Error);
        Assert.Equal(3, result.Recorded.Count);
        Assert.Equal(6, result.Requests); // the 429 and the five pages
    }

    [Fact]
    public async Task A_server_that_keeps_failing_with_5xx_is_a_failure_after_three_tries()
    {
        await using var server = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, "<html>Bad gateway</html>", "text/html", 502));
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("federal-register");

        Assert.False(result.Ok);
        Assert.Contains("502", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_a_failure()
    {
        await using var hanging = await HangingServer.StartAsync();
        var clock = new WatchedClock();
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(hanging.Server.BaseUri), clock);
        var poller = t.Get<PollService>();
        var fetcher = t.Get<SourcePoller>();
        fetcher.Limits = fetcher.Limits with { Timeout = TimeSpan.FromMinutes(1), MaxAttempts = 2 };

        var result = await hanging.PastTimeOutsAsync(t, clock, poller.PollAsync("federal-register"));

        Assert.False(result.Ok);
        Assert.Contains("no answer within 60 s", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, hanging.Server.Requests.Count);
        Assert.Null(await t.Get<ChangeLogStore>().ReadHeadAsync());
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"results\": [")]
    public async Task A_document_that_is_not_the_expected_json_is_a_clear_failure(string body)
    {
        await using var server = await LocalServer.StartAsync(ctx => LocalServer.Respond(ctx, body));
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));

        var result = await t.Get<PollService>().PollAsync("federal-register");

        Assert.False(result.Ok);
        Assert.StartsWith("federal-register:", result.Error, StringComparison.Ordinal);
        Assert.Null(await t.Get<ChangeLogStore>().ReadHeadAsync());
    }

    [Fact]
    public async Task A_poll_cut_off_half_way_and_run_again_records_every_change_once()
    {
        await using var server = await LocalServer.StartAsync(FederalRegisterServer.Documents);
        await using var t = await TestServices.CreateAsync(FederalRegisterServer.Settings(server.BaseUri));
        var poller = t.Get<PollService>();
        using var cts = new CancellationTokenSource();
        var progress = new Progress(p =>
        {
            if (p.Stage.StartsWith("recording 2/", StringComparison.Ordinal))
            {
                cts.Cancel(); // the "crash": stop after the first change was appended
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poller.PollAsync("federal-register", progress, cts.Token));
        var afterCrash = (await t.Get<ChangeLogStore>().ReadHeadAsync())!.Value.Sequence;
        var rerun = await poller.PollAsync("federal-register");
        var third = await poller.PollAsync("federal-register");

        Assert.Equal(1, afterCrash);
        Assert.Equal(2, rerun.Recorded.Count);
        Assert.Empty(third.Recorded);
        var all = await t.Get<ChangeLogStore>().ReadRangeAsync(1, 100);
        Assert.Equal(3, all.Select(c => c.ItemKey).Distinct().Count());
        Assert.Equal(3, all.Count);
        Assert.True((await t.Get<ChangeLogVerifier>().VerifyAsync()).Ok);
    }

    private sealed class Progress(Action<PollProgress> report) : IProgress<PollProgress>
    {
        public void Report(PollProgress value) => report(value);
    }
}
