using System.Xml.Linq;

namespace Alerts.Tests.ChangeLog;

public sealed class QueryTests
{
    private static async Task<(TestWorld Host, string Auditor)> StartWithChangesAsync(int count = 12)
    {
        var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, count, i => Seed.Draft("doc-" + i, title: i % 3 == 0 ? $"Entity List additions batch {i}" : $"Tariff schedule update {i}",
            summary: i % 2 == 0 ? "Semiconductor manufacturing equipment" : "Steel", severity: i % 4 == 0 ? Severity.Critical : Severity.Low,
            topics: i % 3 == 0 ? ["entity-list"] : ["tariffs"]));
        var key = await host.CreateKeyAsync(Roles.Auditor);
        return (host, key.Secret);
    }

    [Fact]
    public async Task Continuation_tokens_page_through_every_match_once()
    {
        var (host, auditor) = await StartWithChangesAsync();
        await using var _ = host;

        var seen = new List<long>();
        string? token = null;
        do
        {
            var page = (await host.Api.CallAsync("ListChanges", auditor, query: "?pageSize=5&order=oldest" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)))).Json;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64()));
            token = page.TryGetProperty("continuationToken", out var t) ? t.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Forged_edited_and_replayed_continuation_tokens_are_refused()
    {
        var (host, auditor) = await StartWithChangesAsync();
        await using var _ = host;
        var first = (await host.Api.CallAsync("ListChanges", auditor, query: "?pageSize=3&severity=low")).Json;
        var token = first.GetProperty("continuationToken").GetString()!;
        var (sequence, mac) = (token.Split('.')[0], token.Split('.')[1]);

        var edited = (long.Parse(sequence, System.Globalization.CultureInfo.InvariantCulture) + 5).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + mac;
        var forged = sequence + "." + Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var cases = new[]
        {
            "?pageSize=3&severity=low&continuationToken=" + Uri.EscapeDataString(edited),
            "?pageSize=3&severity=low&continuationToken=" + Uri.EscapeDataString(forged),
            "?pageSize=3&severity=low&continuationToken=not-a-token",
            "?pageSize=3&severity=critical&continuationToken=" + Uri.EscapeDataString(token),
            "?pageSize=3&severity=low&q=steel&continuationToken=" + Uri.EscapeDataString(token),
            "?pageSize=3&severity=low&order=oldest&continuationToken=" + Uri.EscapeDataString(token),
        };

        foreach (var query in cases)
        {
            var r = await host.Api.CallAsync("ListChanges", auditor, query: query);
            Assert.Equal(400, r.Status);
            Assert.Contains("continuationToken", r.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var genuine = await host.Api.CallAsync("ListChanges", auditor, query: "?pageSize=3&severity=low&continuationToken=" + Uri.EscapeDataString(token));
        Assert.Equal(200, genuine.Status);
    }

    [Fact]
    public async Task Filters_free_text_topic_severity_and_order_select_the_right_changes()
    {
        var (host, auditor) = await StartWithChangesAsync();
        await using var _ = host;

        static long[] Seqs(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64())];

        // Sequence n is doc-(n-1).
        var text = Seqs((await host.Api.CallAsync("ListChanges", auditor, query: "?q=entity%20SEMICONDUCTOR&order=oldest")).Json);
        var topic = Seqs((await host.Api.CallAsync("ListChanges", auditor, query: "?topic=tariffs&severity=critical")).Json);
        var newest = Seqs((await host.Api.CallAsync("ListChanges", auditor, query: "?pageSize=2")).Json);

        Assert.Equal([1L, 7], text); // i = 0, 6: entity list and even
        Assert.Equal([9L, 5], topic); // tariffs (i not a multiple of 3) and critical (i a multiple of 4): i = 8, 4
        Assert.Equal([12L, 11], newest);
    }

    public static TheoryData<string> BadQueries => new()
    {
        "pageSize=0", "pageSize=1001", "pageSize=ten", "order=sideways", "format=xml", "severity=urgent", "from=yesterday",
        "from=2026-12-01&to=2026-11-01", "q=" + new string('x', 201), "jurisdiction=%01US",
        "format=csv&continuationToken=1.abc",
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_gets_a_clear_400(string query)
    {
        var (host, auditor) = await StartWithChangesAsync(1);
        await using var _ = host;

        var r = await host.Api.CallAsync("ListChanges", auditor, query: "?" + query);

        Assert.Equal(400, r.Status);
        Assert.False(string.IsNullOrWhiteSpace(r.Json.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Csv_export_follows_rfc_4180_and_neutralises_formulas()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 1, _ => Seed.Draft("evil", title: "=HYPERLINK(\"http://evil\",\"click\")", summary: "+1, said \"he\"\nnext line"));
        await Seed.AppendManyAsync(host.Services, 1, _ => Seed.Draft("evil2", title: "@SUM(A1)", summary: "-2") with { ItemKey = "evil2" });
        var key = await host.CreateKeyAsync(Roles.Auditor);

        var r = await host.Api.CallAsync("ListChanges", key.Secret, query: "?format=csv&order=oldest");
        var csv = r.Body;

        Assert.Equal("text/csv", r.MediaType);
        Assert.StartsWith(ChangeCsv.Header + "\r\n", csv, StringComparison.Ordinal);
        var rows = ParseCsv(csv);
        Assert.Equal(3, rows.Count);
        var title = Array.IndexOf(rows[0], "title");
        var summary = Array.IndexOf(rows[0], "summary");
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"click\")", rows[1][title]);
        Assert.Equal("'+1, said \"he\"\nnext line", rows[1][summary]);
        Assert.Equal("'@SUM(A1)", rows[2][title]);
        Assert.Equal("'-2", rows[2][summary]);
        Assert.All(rows, row => Assert.Equal(rows[0].Length, row.Length));
    }

    [Fact]
    public async Task Ndjson_export_streams_every_match_one_object_a_line()
    {
        var (host, auditor) = await StartWithChangesAsync();
        await using var _ = host;

        var r = await host.Api.CallAsync("ListChanges", auditor, query: "?format=ndjson&topic=tariffs&order=oldest");
        var lines = r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", r.MediaType);
        Assert.Equal(8, lines.Length);
        Assert.All(lines, l => Assert.Equal("tariffs", JsonDocument.Parse(l).RootElement.GetProperty("topics")[0].GetString()));
    }

    [Fact]
    public async Task The_atom_feed_accepts_a_bearer_key_or_the_keys_feed_token_and_nothing_else()
    {
        var (host, auditor) = await StartWithChangesAsync(3);
        await using var _ = host;
        var key = await host.CreateKeyAsync(Roles.Auditor, "feed reader");
        var team = await host.CreateKeyAsync(Roles.Team, "team");

        var bearer = await host.Api.CallAsync("ChangesAtom", auditor);
        var byToken = await host.Api.CallAsync("ChangesAtom", query: "?feedToken=" + Uri.EscapeDataString(key.FeedToken));
        var wrongToken = await host.Api.CallAsync("ChangesAtom", query: "?feedToken=" + Uri.EscapeDataString(key.FeedToken[..^2] + "xx"));
        var teamToken = await host.Api.CallAsync("ChangesAtom", query: "?feedToken=" + Uri.EscapeDataString(team.FeedToken));
        var tokenElsewhere = await host.Api.CallAsync("ListChanges", query: "?feedToken=" + Uri.EscapeDataString(key.FeedToken));
        var keyAsToken = await host.Api.CallAsync("ChangesAtom", query: "?feedToken=" + Uri.EscapeDataString(key.Secret));

        Assert.Equal(200, bearer.Status);
        Assert.Equal(200, byToken.Status);
        Assert.Equal("application/atom+xml", byToken.MediaType);
        var feed = XDocument.Parse(byToken.Body);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        Assert.Equal(3, feed.Root!.Elements(atom + "entry").Count());
        Assert.DoesNotContain(key.FeedToken, feed.ToString(), StringComparison.Ordinal);
        Assert.Equal(401, wrongToken.Status);
        Assert.Equal(403, teamToken.Status);
        Assert.Equal(401, tokenElsewhere.Status);
        Assert.Equal(401, keyAsToken.Status);
    }

    [Fact]
    public async Task Auditor_requests_are_in_the_access_log_with_rows_and_without_feed_tokens()
    {
        var (host, auditor) = await StartWithChangesAsync(4);
        await using var _ = host;
        var key = await host.CreateKeyAsync(Roles.Auditor, "Feed");

        await host.Api.CallAsync("ListChanges", auditor, query: "?pageSize=3&severity=low");
        await host.Api.CallAsync("ListChanges", auditor, query: "?format=ndjson");
        await host.Api.CallAsync("ListKeys", auditor);
        await host.Api.CallAsync("ChangesAtom", query: "?feedToken=" + Uri.EscapeDataString(key.FeedToken));
        await host.Api.CallAsync("ListChanges", TestWorld.AdminKey);

        var forbidden = await host.Api.CallAsync("ListAccessLog", auditor);
        var log = (await host.Api.CallAsync("ListAccessLog", TestWorld.AdminKey)).Json;
        var items = log.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(403, forbidden.Status);
        Assert.Equal(5, items.Count); // four by the auditor (one refused) and the feed; none by the admin
        var page = items.Single(i => i.GetProperty("query").GetString() == "pageSize=3&severity=low");
        Assert.Equal(3, page.GetProperty("rows").GetInt64()); // doc-1, doc-2 and doc-3 are low
        Assert.Equal(4, items.Single(i => i.GetProperty("query").GetString() == "format=ndjson").GetProperty("rows").GetInt64());
        Assert.Equal(403, items.Single(i => i.GetProperty("route").GetString() == "keys").GetProperty("status").GetInt32());
        var feed = items.Single(i => i.GetProperty("route").GetString() == "changes.atom");
        Assert.Equal("Feed", feed.GetProperty("keyName").GetString());
        Assert.DoesNotContain(key.FeedToken, log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("feedToken", feed.GetProperty("query").GetString(), StringComparison.Ordinal);
    }

    internal static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        return rows;
    }
}
