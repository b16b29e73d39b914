using System.Text.Json.Nodes;
using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources.Hts;

namespace Alerts.Tests.Sources.Hts;

public sealed class HtsSourceTests
{
    private const string Id = "hts-semiconductors";

    private static readonly string[] Headings = HtsSource.DefaultHeadings.Split(',');

    /// <summary>What a poll exports in full: the listed headings and the watched ones (8473 is only watched).</summary>
    private static readonly string[] Exported = [.. Headings.Concat(HtsDiscovery.DefaultWatch.Split(',')).Distinct()];

    /// <summary>
    /// The chapter 99 lines of the corpus outside the listed headings that cite a watched heading or a chip term:
    /// 9902.16.96 (cables for machines of 8486.20.00 "for the manufacture ... of semiconductor devices"),
    /// 9903.41.15/.20/.25 (automatic data processing machines of 8471, "microprocessor").
    /// </summary>
    private static readonly string[] Discovered = ["9902.16.96", "9903.41.15", "9903.41.20", "9903.41.25"];

    /// <summary>The requests of a poll that reads the exports: the release, each exported heading, chapter 99.</summary>
    private static readonly int ExportRequests = 1 + Exported.Length + 1;

    /// <summary>Plays hts.usitc.gov: the current release, and exportList over the corpus chapters 84, 85 and 99.</summary>
    private sealed class Usitc
    {
        public string ReleaseBody { get; set; } = """{"name":"2025HTSRev19","description":"Revision 19"}""";

        /// <summary>Rewrites each chapter's rows before they are served (formatting, changed rates).</summary>
        public Func<JsonArray, string> Render { get; set; } = rows => rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        public Action<JsonArray>? Edit { get; set; }

        /// <summary>The ranges exported, as heading prefixes (8542, 99).</summary>
        public List<string> ChapterRequests { get; } = [];

        public async Task Handle(HttpContext ctx)
        {
            if (ctx.Request.Path == "/reststop/currentRelease")
            {
                await LocalServer.Respond(ctx, ReleaseBody);
                return;
            }

            var q = ctx.Request.Query;
            // One heading (from=8542&to=8542.99) or one whole chapter (from=9900&to=9999), as the service exports them.
            if (ctx.Request.Path == "/reststop/exportList" && q["format"] == "JSON" && q["styles"] == "false" && q["from"].ToString() is { Length: >= 4 } from
                && (q["to"] == from + ".99" || (from.Length == 4 && from.EndsWith("00", StringComparison.Ordinal) && q["to"] == from[..2] + "99")))
            {
                var prefix = q["to"] == from + ".99" ? from : from[..2];
                ChapterRequests.Add(prefix);
                var rows = JsonNode.Parse(await File.ReadAllBytesAsync(ChapterFile(from)))!.AsArray();
                Edit?.Invoke(rows);
                var selected = new JsonArray();
                var inRange = false;
                foreach (var row in rows)
                {
                    var htsno = row!["htsno"]!.GetValue<string>();
                    if (htsno.Length > 0)
                    {
                        inRange = htsno.StartsWith(prefix, StringComparison.Ordinal);
                    }

                    if (inRange)
                    {
                        selected.Add(row.DeepClone());
                    }
                }

                await LocalServer.Respond(ctx, Render(selected));
                return;
            }

            ctx.Response.StatusCode = 404;
        }
    }

    private static string ChapterFile(string heading) => heading[..2] switch
    {
        "84" => OfficialSupport.Corpus("usitc-hts", "hts-chapter-84-machinery.json"),
        "85" => OfficialSupport.Corpus("usitc-hts", "hts-chapter-85-electrical.json"),
        "99" => OfficialSupport.Corpus("usitc-hts", "hts-chapter-99-temporary-modifications.json"),
        _ => throw new ArgumentException(heading),
    };

    /// <summary>Compact, keys in reverse order, values padded with white space: the same content, other formatting.</summary>
    private static string Reformatted(JsonArray rows)
    {
        var sb = new StringBuilder("[");
        foreach (var row in rows)
        {
            var o = row!.AsObject();
            sb.Append(sb.Length > 1 ? ",\n\t{" : "{");
            sb.Append(string.Join(",", o.Reverse().Select(kv => JsonSerializer.Serialize(kv.Key) + " :  " + Pad(kv.Value))));
            sb.Append('}');
        }

        return sb.Append(']').ToString();

        static string Pad(JsonNode? v) => v is JsonValue s && s.TryGetValue<string>(out var text) && text.Length > 0 ? JsonSerializer.Serialize("  " + text + " ") : v?.ToJsonString() ?? "null";
    }

    private static Task<TestServices> Services(LocalServer server, Dictionary<string, string?>? more = null) =>
        TestServices.CreateAsync(TestServices.PointAt(Id, server.BaseUri, more));

    private static int ExpectedLines() => Exported.Sum(h =>
        JsonNode.Parse(File.ReadAllBytes(ChapterFile(h)))!.AsArray().Count(r => r!["htsno"]!.GetValue<string>().StartsWith(h, StringComparison.Ordinal)))
        + Discovered.Length;

    [Fact]
    public async Task The_first_poll_reads_every_watched_heading_as_a_silent_baseline()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        Assert.True(result.Baseline);
        Assert.Equal(ExpectedLines(), result.ItemsRead);
        Assert.Equal(ExportRequests, server.Requests.Count);
        var snapshots = await t.Get<SnapshotStore>().ReadAllAsync(Id);
        var diodes = snapshots["8541.10.00"].Fields;
        Assert.Equal("Free", diodes["general"]);
        Assert.Equal("35%", diodes["other"]);
        Assert.Equal("See 9903.88.02. [general]", diodes["footnotes"]);
        Assert.Equal("The duty provided in the applicable subheading plus 25%", snapshots["9903.88.01"].Fields["general"]);
        Assert.All(Discovered, key => Assert.True(snapshots.ContainsKey(key), key));
        Assert.Contains("8473", usitc.ChapterRequests); // watched, though not listed
        Assert.Contains("99", usitc.ChapterRequests);
    }

    [Fact]
    public async Task When_the_release_did_not_change_the_exports_are_not_fetched()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);

        var result = await SourcePolls.SecondPollAsync(t, server, Id);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(["/reststop/currentRelease"], server.Requests.Select(r => r.PathAndQuery));
        Assert.Empty(result.Recorded);
    }

    [Fact]
    public async Task A_new_release_that_only_changed_formatting_records_nothing()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        usitc.ReleaseBody = """{"name":"2025HTSRev20"}""";
        usitc.Render = Reformatted;
        server.Requests.Clear();
        var result = await poller.PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(ExportRequests, server.Requests.Count); // the exports were read
        Assert.Equal(ExpectedLines(), result.ItemsRead);
        Assert.Empty(result.Recorded);
    }

    [Fact]
    public async Task Rate_footnote_additional_duty_and_description_changes_are_recorded_with_before_and_after()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);

        usitc.ReleaseBody = """{"name":"2025HTSRev20"}""";
        usitc.Edit = rows =>
        {
            foreach (var row in rows)
            {
                switch (row!["htsno"]!.GetValue<string>())
                {
                    case "8541.10.00":
                        row["general"] = "25%";
                        break;
                    case "8542.31.00":
                        row["footnotes"]![0]!["value"] = "See 9903.88.03.";
                        row["addiitionalDuties"] = "50%"; // the service's misspelled key
                        break;
                    case "8486.10.00.00":
                        row["description"] = "Machines and apparatus for the manufacture of boules or wafers (amended)";
                        break;
                }
            }
        };
        var result = await poller.PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        var byKey = result.Recorded.ToDictionary(c => c.ItemKey);
        Assert.Equal(["8486.10.00.00", "8541.10.00", "8542.31.00"], byKey.Keys.Order(StringComparer.Ordinal));
        Assert.All(byKey.Values, c => Assert.Equal("Tariff Line", c.DocumentType));
        var rate = Assert.Single(byKey["8541.10.00"].Diff);
        Assert.Equal(("general", "Free", "25%"), (rate.Field, rate.Before, rate.After));
        var chip = byKey["8542.31.00"].Diff.ToDictionary(d => d.Field);
        Assert.Equal(["additional_duties", "footnotes"], chip.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("", chip["additional_duties"].Before);
        Assert.Equal("50%", chip["additional_duties"].After);
        Assert.Equal("See 9903.88.02. [general]", chip["footnotes"].Before);
        Assert.Equal("See 9903.88.03. [general]", chip["footnotes"].After);
        Assert.Contains("(amended)", byKey["8486.10.00.00"].Diff.Single(d => d.Field == "description").After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_answer_of_an_unexpected_shape_is_a_clear_failure_that_changes_nothing()
    {
        var usitc = new Usitc { ReleaseBody = """{"releases":{"latest":7}}""" };
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("unexpected shape", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Empty(await t.Get<SnapshotStore>().ReadAllAsync(Id));
    }

    [Theory]
    [InlineData("\"2025HTSRev20\"")]
    [InlineData("{\"name\":\"2025HTSRev20\"}")]
    [InlineData("[{\"name\":\"2025HTSRev19\",\"status\":\"archived\"},{\"name\":\"2025HTSRev20\",\"status\":\"current\"}]")]
    [InlineData("2025HTSRev20")]
    public void The_release_name_is_read_from_each_plausible_shape(string body) =>
        Assert.Equal("2025HTSRev20", HtsSource.ParseRelease(Id, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public async Task A_heading_setting_that_is_not_an_HTS_heading_is_refused_before_any_request()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:headings"] = "8541,85&x=1" });

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains("'85&x=1'", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    /// <summary>A row of the HTS export as the service writes it (the corpus rows' keys and shapes).</summary>
    private static JsonObject Row(string htsno, int indent, string description, string general) => new()
    {
        ["htsno"] = htsno,
        ["indent"] = indent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["description"] = description,
        ["superior"] = null,
        ["units"] = new JsonArray(),
        ["general"] = general,
        ["special"] = "",
        ["other"] = "",
        ["footnotes"] = new JsonArray(new JsonObject { ["columns"] = new JsonArray("stat", "units"), ["marker"] = "1", ["value"] = " See chapter 99 statistical note 1. ", ["type"] = "footnote" }),
        ["quotaQuantity"] = null,
        ["additionalDuties"] = "",
        ["addiitionalDuties"] = null,
    };

    /// <summary>Inserts rows before the first row whose htsno starts with a prefix (the schedule's order).</summary>
    private static void InsertBefore(JsonArray rows, string prefix, params JsonObject[] added)
    {
        var at = rows.Select((r, i) => (r, i)).First(x => x.r!["htsno"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal)).i;
        for (var k = 0; k < added.Length; k++)
        {
            rows.Insert(at + k, added[k]);
        }
    }

    [Fact]
    public async Task A_new_chapter_99_heading_that_cites_a_watched_subheading_is_recorded_with_its_rate_and_one_citing_only_other_chapters_is_not()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        Assert.True((await poller.PollAsync(Id)).Baseline);

        usitc.ReleaseBody = """{"name":"2027HTSRev1"}""";
        usitc.Edit = rows =>
        {
            if (rows.Any(r => r!["htsno"]!.GetValue<string>().StartsWith("9903", StringComparison.Ordinal)))
            {
                InsertBefore(rows, "9903.80",
                    Row("9903.79.01", 0,
                        "Except as provided in heading 9903.79.05, effective with respect to entries on or after January 1, 2027, articles provided for in subheading 8542.31, " +
                        "as provided for in U.S. note 39(b) to this subchapter",
                        "The duty provided in the applicable subheading + 25%"),
                    Row("9903.79.02", 1, "Of a kind used in motor vehicles, as provided for in U.S. note 39(c) to this subchapter", ""),
                    Row("9903.79.05", 0,
                        "Effective with respect to entries on or after January 1, 2027, articles provided for in heading 7208 or 7209 or in chapter 73, " +
                        "as provided for in U.S. note 39(d) to this subchapter",
                        "The duty provided in the applicable subheading + 10%"));
            }
        };
        var result = await poller.PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        var byKey = result.Recorded.ToDictionary(c => c.ItemKey);
        Assert.Equal(["9903.79.01", "9903.79.02"], byKey.Keys.Order(StringComparer.Ordinal));
        Assert.All(byKey.Values, c => Assert.Equal(ChangeType.Added, c.ChangeType));
        var heading = byKey["9903.79.01"];
        Assert.Equal("The duty provided in the applicable subheading + 25%", heading.Diff.Single(d => d.Field == "general").After);
        Assert.Equal("Chapter 99 line 9903.79.01 sets The duty provided in the applicable subheading + 25%; it references 8542.31 (in 2027HTSRev1)", heading.Description);
        Assert.Contains("HTS:8542.31", heading.References);
        // The line under it states no rate of its own: it carries its parent's, and its parent's reference.
        Assert.StartsWith("Chapter 99 line 9903.79.02 sets The duty provided in the applicable subheading + 25%; it references 8542.31", byKey["9903.79.02"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_subheading_under_a_watched_heading_is_recorded_though_no_listed_heading_covers_it()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:headings"] = "9903.88" });
        var poller = t.Get<PollService>();
        Assert.True((await poller.PollAsync(Id)).Baseline);

        usitc.ReleaseBody = """{"name":"2027HTSRev1"}""";
        usitc.Edit = rows =>
        {
            if (rows.Any(r => r!["htsno"]!.GetValue<string>().StartsWith("8542", StringComparison.Ordinal)))
            {
                var npu = Row("8542.31.00.80", 3, "Neural processing units (NPUs)", "");
                npu["units"] = new JsonArray("No.");
                npu["footnotes"] = new JsonArray();
                InsertBefore(rows, "8542.32", npu);
            }
        };
        usitc.ChapterRequests.Clear();
        var result = await poller.PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        // The ranges read (a set: a request retried by the fetcher is one range): the watched headings, though only 9903.88 is listed, and chapter 99.
        Assert.Equal(["8471", "8473", "8486", "8541", "8542", "99"], usitc.ChapterRequests.Where(c => c != "9903.88").Distinct().Order(StringComparer.Ordinal));
        var added = Assert.Single(result.Recorded);
        Assert.Equal(("8542.31.00.80", ChangeType.Added), (added.ItemKey, added.ChangeType));
        Assert.Equal("Neural processing units (NPUs)", added.Diff.Single(d => d.Field == "description").After);
    }

    [Fact]
    public async Task Widening_what_the_source_reads_stores_the_newly_covered_lines_as_a_baseline_and_alerts_nobody()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        // The settings of an install before discovery: only the listed headings.
        await using var before = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:discover"] = "false" });
        Assert.True((await before.Get<PollService>().PollAsync(Id)).Baseline);
        var listed = (await before.Get<SnapshotStore>().ReadAllAsync(Id)).Count;

        // The same install (same storage) after the upgrade: discovery on, the watched headings exported in full.
        var settings = new Dictionary<string, string?> { ["Alerts:StoragePrefix"] = before.Prefix };
        await using var after = await Services(server, settings);
        var widened = await after.Get<PollService>().PollAsync(Id);

        Assert.True(widened.Ok, widened.Error);
        Assert.Empty(widened.Recorded); // 8473's lines and the chapter 99 lines citing chips are not news
        var snapshots = await after.Get<SnapshotStore>().ReadAllAsync(Id);
        Assert.True(snapshots.Count > listed, $"{snapshots.Count} lines kept, {listed} before");
        Assert.All(Discovered, k => Assert.Contains(k, snapshots.Keys));

        // A line that is really new in the next release still alerts.
        usitc.ReleaseBody = """{"name":"2027HTSRev1"}""";
        usitc.Edit = rows =>
        {
            if (rows.Any(r => r!["htsno"]!.GetValue<string>().StartsWith("8473", StringComparison.Ordinal)))
            {
                var part = Row("8473.30.99.99", 3, "Parts of AI accelerator modules", "Free");
                part["units"] = new JsonArray("No.");
                part["footnotes"] = new JsonArray();
                rows.Add(part);
            }
        };
        var next = await after.Get<PollService>().PollAsync(Id);
        Assert.True(next.Ok, next.Error);
        Assert.Equal(("8473.30.99.99", ChangeType.Added), (Assert.Single(next.Recorded).ItemKey, next.Recorded[0].ChangeType));
    }

    [Fact]
    public async Task With_discovery_off_only_the_listed_headings_are_read()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:discover"] = "false" });

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(1 + Headings.Length, server.Requests.Count);
        Assert.Equal(Headings.Order(StringComparer.Ordinal), usitc.ChapterRequests.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("9903.41.20", (await t.Get<SnapshotStore>().ReadAllAsync(Id)).Keys);
    }

    [Theory]
    [InlineData("watch", "8542,85x", "'85x'")]
    [InlineData("watch", "854", "'854'")]
    [InlineData("terms", "semiconductor,a", "'a'")]
    [InlineData("terms", "chip(s)?", "'chip(s)?'")]
    [InlineData("discover", "maybe", "'maybe'")]
    public async Task A_discovery_setting_that_is_not_a_heading_a_term_or_a_switch_is_refused_before_any_request(string setting, string value, string named)
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server, new() { [$"Alerts:Sources:{Id}:Settings:{setting}"] = value });

        var result = await t.Get<PollService>().PollAsync(Id);

        Assert.False(result.Ok);
        Assert.Contains($"setting '{setting}'", result.Error, StringComparison.Ordinal);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Empty(await t.Get<SnapshotStore>().ReadAllAsync(Id));
    }
}
