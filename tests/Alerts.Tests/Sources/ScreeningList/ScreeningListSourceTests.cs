using System.Text.Json.Nodes;
using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources.ScreeningList;

namespace Alerts.Tests.Sources.ScreeningList;

public sealed class ScreeningListSourceTests
{
    private const string Id = "csl-entity-list";

    private static string CorpusJson => OfficialSupport.Corpus("trade-gov-csl", "csl-api-v2-entity-list-results-fixture.json");

    private static string CorpusCsv => OfficialSupport.Corpus("trade-gov-csl", "csl-consolidated-current-format-sample.csv");

    /// <summary>Plays data.trade.gov's bulk file: the current bytes with a strong ETag, 304 when the client already has them.</summary>
    private sealed class Bulk
    {
        public byte[] Json { get; set; } = File.ReadAllBytes(CorpusJson);

        public byte[] Csv { get; set; } = File.ReadAllBytes(CorpusCsv);

        public Task Handle(Microsoft.AspNetCore.Http.HttpContext ctx) => ctx.Request.Path.Value switch
        {
            ScreeningListSource.JsonPath => OfficialSupport.ServeBytes(ctx, Json, "application/json", ETag(Json)),
            ScreeningListSource.CsvPath => OfficialSupport.ServeBytes(ctx, Csv, "text/csv", ETag(Csv)),
            _ => Task.Run(() => ctx.Response.StatusCode = 404),
        };

        private static string ETag(byte[] body) => "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16] + "\"";
    }

    private static Task<TestServices> Services(LocalServer server, Dictionary<string, string?>? more = null) =>
        TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, more));

    [Fact]
    public async Task The_real_API_entries_are_read_with_list_names_aliases_addresses_and_the_cited_notice()
    {
        var items = ScreeningListSource.ParseJson(Id, await File.ReadAllBytesAsync(CorpusJson), new HashSet<string> { "EL" });

        Assert.NotEmpty(items);
        var farid = items.Single(i => i.ItemKey == "fabe2145af20dcff1163dbf2a6292f379aa9f27f");
        Assert.Equal("Entity List Entry", farid.DocumentType);
        Assert.Equal("EL", farid.Fields["list"]);
        Assert.Equal("Engineer Idris; Farid; Fazel Rahim Farid", farid.Fields["alt_names"]);
        Assert.Equal("AF", farid.Fields["countries"]);
        Assert.Contains("A2 Ground Floor, City Computer Plaza, Shar-e-Naw, Kabul, AF", farid.Fields["addresses"], StringComparison.Ordinal);
        Assert.Equal("2011-11-21", farid.Fields["start_date"]);
        Assert.Contains("CITATION:76 FR 71867", farid.References);
        var peker = items.Single(i => i.ItemKey == "946f840d05372d41c4baeebc61dddf1363929de5");
        Assert.Equal("78 FR 75485", peker.Fields["federal_register_notice"]); // the trailing space trimmed
    }

    [Fact]
    public async Task The_current_format_CSV_yields_the_Entity_List_MEU_and_UVL_rows_only()
    {
        var items = ScreeningListSource.ParseCsv(Id, await File.ReadAllBytesAsync(CorpusCsv), new HashSet<string> { "EL", "MEU", "UVL" });

        Assert.Equal(["EL", "MEU", "UVL"], items.Select(i => i.Fields["list"]).Order(StringComparer.Ordinal));
        var cetc = items.Single(i => i.Fields["list"] == "EL");
        Assert.Contains("HSRI", cetc.Fields["alt_names"].Split("; "));
        Assert.Equal("CN", cetc.Fields["countries"]);
        Assert.Equal(["CITATION:83 FR 37423", "CITATION:87 FR 77505"], cetc.References);
    }

    [Fact]
    public async Task Added_removed_and_modified_entries_are_recorded_with_a_field_level_diff_after_a_silent_baseline()
    {
        var bulk = new Bulk();
        await using var server = await LocalServer.StartAsync(bulk.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        var first = await poller.PollAsync(Id);
        Assert.True(first.Baseline);
        Assert.Empty(first.Recorded);

        var entries = JsonNode.Parse(bulk.Json)!.AsArray();
        var removed = entries[1]!["id"]!.GetValue<string>();
        entries.RemoveAt(1);
        var changed = entries[0]!;
        changed["license_policy"] = "Policy of denial.";
        changed["alt_names"]!.AsArray().Add("Engineer Fazel");
        var added = JsonNode.Parse("""
            {"addresses":[{"address":"No. 1 Chip Road","city":"Shanghai","state":null,"postal_code":"200000","country":"CN"}],
             "alt_names":["ChipCo"],"federal_register_notice":"89 FR 96830 ","id":"new-entry-0001",
             "license_requirement":"For all items subject to the EAR.","license_policy":"Presumption of denial.",
             "name":"Example Chip Tools Co.","source":"Entity List (EL) - Bureau of Industry and Security","start_date":"2024-12-05","title":null}
            """)!;
        entries.Add(added);
        bulk.Json = Encoding.UTF8.GetBytes(entries.ToJsonString());

        var second = await poller.PollAsync(Id);

        Assert.True(second.Ok, second.Error);
        var byKey = second.Recorded.ToDictionary(c => c.ItemKey);
        Assert.Equal(3, byKey.Count);
        Assert.Equal(ChangeType.Removed, byKey[removed].ChangeType);
        Assert.Equal(ChangeType.Added, byKey["new-entry-0001"].ChangeType);
        Assert.Contains("CITATION:89 FR 96830", byKey["new-entry-0001"].References);
        var modified = byKey["fabe2145af20dcff1163dbf2a6292f379aa9f27f"];
        Assert.Equal(ChangeType.Modified, modified.ChangeType);
        Assert.Equal(["alt_names", "license_policy"], modified.Diff.Select(d => d.Field));
        var policy = modified.Diff.Single(d => d.Field == "license_policy");
        Assert.Equal("Presumption of denial.", policy.Before);
        Assert.Equal("Policy of denial.", policy.After);
    }

    [Fact]
    public async Task An_unchanged_file_is_asked_for_with_its_ETag_and_a_304_records_nothing()
    {
        var bulk = new Bulk();
        await using var server = await LocalServer.StartAsync(bulk.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        var second = await poller.PollAsync(Id);

        Assert.True(second.Ok, second.Error);
        Assert.Empty(second.Recorded);
        var last = server.Requests.Last();
        Assert.True(last.Headers.ContainsKey("If-None-Match"));
        Assert.StartsWith("export-policy-alerts/", last.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.Equal(0, second.ItemsRead);
    }

    [Fact]
    public async Task The_CSV_format_and_the_lists_are_configurable()
    {
        var bulk = new Bulk();
        await using var server = await LocalServer.StartAsync(bulk.Handle);
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:format"] = "csv", [$"Alerts:Sources:{Id}:Settings:lists"] = "EL,DPL" });
        var poller = t.Get<PollService>();

        var first = await poller.PollAsync(Id);

        Assert.True(first.Ok, first.Error);
        Assert.Equal(ScreeningListSource.CsvPath, server.Requests.Single().PathAndQuery);
        var snapshots = await t.Get<SnapshotStore>().ReadAllAsync(Id);
        Assert.Equal(["DPL", "EL"], snapshots.Values.Select(s => s.Fields["list"]).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_file_that_is_not_the_screening_list_is_a_clear_failure_that_changes_nothing()
    {
        var bulk = new Bulk();
        await using var server = await LocalServer.StartAsync(bulk.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);
        var before = await t.Get<SnapshotStore>().ReadAllAsync(Id);

        bulk.Json = """{"error":"maintenance"}"""u8.ToArray();
        var result = await poller.PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("'results' array", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Recorded);
        var after = await t.Get<SnapshotStore>().ReadAllAsync(Id);
        Assert.Equal(before.Count, after.Count(s => !s.Value.Removed));
    }

    [Fact]
    public async Task A_CSV_file_cut_off_inside_a_quoted_field_is_refused()
    {
        var bulk = new Bulk { Csv = Encoding.UTF8.GetBytes("_id,source,name\n\"1\",\"Entity List (EL) - Bureau of Industry and Security\",\"Cut") };
        await using var server = await LocalServer.StartAsync(bulk.Handle);
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:format"] = "csv" });

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("ends inside a quoted field", result.Error, StringComparison.Ordinal);
        Assert.Empty(await t.Get<SnapshotStore>().ReadAllAsync(Id));
    }

    [Fact]
    public async Task A_file_with_only_Last_Modified_is_asked_for_with_If_Modified_Since()
    {
        var file = await File.ReadAllBytesAsync(CorpusJson);
        var lastModified = new DateTimeOffset(2025, 1, 16, 8, 0, 0, TimeSpan.Zero);
        await using var server = await LocalServer.StartAsync(async ctx =>
        {
            if (ctx.Request.Headers.IfModifiedSince.ToString() is { Length: > 0 } since && DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture) >= lastModified)
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            ctx.Response.Headers.LastModified = lastModified.ToString("R");
            await OfficialSupport.ServeBytes(ctx, file);
        });
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        var second = await poller.PollAsync(Id);

        Assert.True(second.Ok, second.Error);
        Assert.Equal("Thu, 16 Jan 2025 08:00:00 GMT", server.Requests.Last().Headers["If-Modified-Since"]);
        Assert.Equal(0, second.ItemsRead);
        Assert.Empty(second.Recorded);
    }

    [Fact]
    public async Task The_scheduler_polls_each_source_at_its_own_interval_plus_at_most_a_tenth_of_jitter()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var server = await LocalServer.StartAsync();
        await using var t = await TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, new Dictionary<string, string?> { [$"Alerts:Sources:{Id}:IntervalMinutes"] = "40" }), clock);
        var scheduler = t.Get<PollScheduler>();

        Assert.Contains(Id, await scheduler.EnqueueDueAsync());
        var due = (await t.Get<SourceStateStore>().GetAsync(Id)).NextDueAt!.Value;
        Assert.InRange(due - clock.GetUtcNow(), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(44));

        clock.Advance(TimeSpan.FromMinutes(39));
        Assert.DoesNotContain(Id, await scheduler.EnqueueDueAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains(Id, await scheduler.EnqueueDueAsync());
    }

    [Fact]
    public async Task An_unknown_format_setting_is_refused_without_any_request()
    {
        await using var server = await LocalServer.StartAsync();
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:format"] = "xlsx" });

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("must be json or csv", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
