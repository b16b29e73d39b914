using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alerts.Core.Detection;
using Alerts.Core.Polling;
using Alerts.Core.Sources.Hts;
using Alerts.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Alerts.Tests.Official;

public sealed class HtsSourceTests
{
    private const string Id = "hts-semiconductors";

    private static readonly string[] Headings = HtsSource.DefaultHeadings.Split(',');

    /// <summary>Plays hts.usitc.gov: the current release, and exportList over the corpus chapters 84, 85 and 99.</summary>
    private sealed class Usitc
    {
        public string ReleaseBody { get; set; } = """{"name":"2025HTSRev19","description":"Revision 19"}""";

        /// <summary>Rewrites each chapter's rows before they are served (formatting, changed rates).</summary>
        public Func<JsonArray, string> Render { get; set; } = rows => rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        public Action<JsonArray>? Edit { get; set; }

        public async Task Handle(HttpContext ctx)
        {
            if (ctx.Request.Path == "/reststop/currentRelease")
            {
                await LocalServer.Respond(ctx, ReleaseBody);
                return;
            }

            var q = ctx.Request.Query;
            if (ctx.Request.Path == "/reststop/exportList" && q["format"] == "JSON" && q["styles"] == "false" && q["from"].ToString() is { Length: >= 4 } from && q["to"] == from + ".99")
            {
                var rows = JsonNode.Parse(await File.ReadAllBytesAsync(ChapterFile(from)))!.AsArray();
                Edit?.Invoke(rows);
                var selected = new JsonArray();
                var inRange = false;
                foreach (var row in rows)
                {
                    var htsno = row!["htsno"]!.GetValue<string>();
                    if (htsno.Length > 0)
                    {
                        inRange = htsno.StartsWith(from, StringComparison.Ordinal);
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

    private static int ExpectedLines() => Headings.Sum(h =>
        JsonNode.Parse(File.ReadAllBytes(ChapterFile(h)))!.AsArray().Count(r => r!["htsno"]!.GetValue<string>().StartsWith(h, StringComparison.Ordinal)));

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
        Assert.Equal(1 + Headings.Length, server.Requests.Count);
        var snapshots = await t.Get<SnapshotStore>().ReadAllAsync(Id);
        var diodes = snapshots["8541.10.00"].Fields;
        Assert.Equal("Free", diodes["general"]);
        Assert.Equal("35%", diodes["other"]);
        Assert.Equal("See 9903.88.02. [general]", diodes["footnotes"]);
        Assert.Equal("The duty provided in the applicable subheading plus 25%", snapshots["9903.88.01"].Fields["general"]);
    }

    [Fact]
    public async Task When_the_release_did_not_change_the_exports_are_not_fetched()
    {
        var usitc = new Usitc();
        await using var server = await LocalServer.StartAsync(usitc.Handle);
        await using var t = await Services(server);
        var poller = t.Get<PollService>();
        await poller.PollAsync(Id);
        server.Requests.Clear();

        var result = await poller.PollAsync(Id);

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
        Assert.Equal(1 + Headings.Length, server.Requests.Count); // the exports were read
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
}
