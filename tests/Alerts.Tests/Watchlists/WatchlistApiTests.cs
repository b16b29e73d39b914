using Alerts.Core.Delivery;
using Alerts.Core.Detection;
using Alerts.Core.Sources.ScreeningList;
using Alerts.Core.Watchlists;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Watchlists;

/// <summary>The watchlist API through the route table, as both hosts call it, on Azurite with real team keys.</summary>
public sealed class WatchlistApiTests
{
    private const string Scope = "csl-entity-list";

    private static readonly object Customers = new
    {
        name = "Our customers in Asia",
        counterparties = new object[]
        {
            new { name = "Hebei Semiconductor Research Institute", country = "CN", reference = "SAP-1001" },
            new { name = "Atlas Sanat Garan LLC", aliases = new[] { "Atlas Sanatgaran" }, country = "AM", address = "Komitas 26/114, Yerevan" },
            new { name = "Acme Widgets GmbH", country = "DE" },
        },
        products = new object[]
        {
            new { type = "eccn", value = "3A090" },
            new { type = "hts", value = "8542.31" },
            new { type = "term", value = "high bandwidth memory" },
        },
    };

    [Fact]
    public async Task Creating_a_watchlist_screens_it_at_once_against_the_current_screening_list()
    {
        await using var kit = await Kit.CreateAsync();
        await SeedListAsync(kit.Get<SnapshotStore>());

        var created = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, Customers);

        Assert.True(created.Status == 201, created.Body);
        var report = created.Json.GetProperty("screening");
        Assert.Equal(3, report.GetProperty("listEntries").GetInt32());
        var matches = report.GetProperty("matches").EnumerateArray().ToList();
        Assert.Equal(2, matches.Count);
        var hebei = matches.Single(m => m.GetProperty("entryValue").GetString() == "Hebei Semiconductor Research Institute");
        Assert.Equal("EL", hebei.GetProperty("list").GetString());
        Assert.Equal("Hebei Semiconductor Research Institute", hebei.GetProperty("matchedName").GetString());
        Assert.True(hebei.GetProperty("score").GetDouble() >= 0.85);
        Assert.Contains("semiconductor", hebei.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("same country CN", hebei.GetProperty("country").GetString());
        var atlas = matches.Single(m => m.GetProperty("entryValue").GetString() == "Atlas Sanat Garan LLC");
        Assert.Equal("UVL", atlas.GetProperty("list").GetString());

        var id = created.Json.GetProperty("watchlist").GetProperty("id").GetString()!;
        var listed = await kit.Api.CallAsync("ListWatchlistMatches", kit.Keys.TeamA, id: id);
        Assert.Equal(200, listed.Status);
        Assert.Equal(2, listed.Json.GetProperty("items").GetArrayLength());
        var one = await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id);
        Assert.Equal(6, one.Json.GetProperty("entries").GetArrayLength());
        Assert.Equal(3, one.Json.GetProperty("watchlist").GetProperty("counterparties").GetInt32());
    }

    [Fact]
    public async Task Another_teams_watchlist_answers_404_and_is_left_unchanged()
    {
        await using var kit = await Kit.CreateAsync();
        var id = await CreateAsync(kit);

        var responses = new[]
        {
            await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamB, id: id),
            await kit.Api.CallAsync("UpdateWatchlist", kit.Keys.TeamB, new { name = "taken" }, id: id),
            await kit.Api.CallAsync("DeleteWatchlist", kit.Keys.TeamB, id: id),
            await CsvAsync(kit, id, Encoding.UTF8.GetBytes("type,value,aliases,country,address,reference\ncounterparty,X,,,,\n"), key: kit.Keys.TeamB),
            await kit.Api.CallAsync("ExportWatchlist", kit.Keys.TeamB, id: id),
            await kit.Api.CallAsync("ListWatchlistMatches", kit.Keys.TeamB, id: id),
            await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: "wl_0000000000000000000x"),
        };

        Assert.All(responses, r => Assert.Equal(404, r.Status));
        Assert.Empty((await kit.Api.CallAsync("ListWatchlists", kit.Keys.TeamB)).Json.GetProperty("items").EnumerateArray());
        var mine = await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id);
        Assert.Equal("Our customers in Asia", mine.Json.GetProperty("watchlist").GetProperty("name").GetString());
        Assert.Equal(6, mine.Json.GetProperty("entries").GetArrayLength());
        Assert.Equal(403, (await kit.Api.CallAsync("ListWatchlists", kit.Keys.Auditor)).Status);
        Assert.Equal(401, (await kit.Api.CallAsync("ListWatchlists", null)).Status);
    }

    [Fact]
    public async Task A_csv_import_with_a_bom_and_chinese_names_round_trips_through_export_with_formula_cells_neutralised()
    {
        await using var kit = await Kit.CreateAsync();
        await SeedListAsync(kit.Get<SnapshotStore>());
        var id = await CreateAsync(kit);
        var csv = "type,value,aliases,country,address,reference\r\n" +
                  "counterparty,华为技术有限公司,Huawei Technologies; 华为,CN,\"Bantian, Longgang, Shenzhen\",'=HYPERLINK(\"x\")\r\n" +
                  "counterparty,Hebei Semiconductor Institute,,CN,,C-2\r\n" +
                  "eccn,3a090.A,,,,\r\n" +
                  "hts,8486,,,,\r\n";

        var imported = await CsvAsync(kit, id, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);

        Assert.True(imported.Status == 200, imported.Body);
        Assert.Equal(4, imported.Json.GetProperty("imported").GetInt32());
        Assert.Contains(imported.Json.GetProperty("screening").GetProperty("matches").EnumerateArray(),
            m => m.GetProperty("entryValue").GetString() == "Hebei Semiconductor Institute");
        var entries = (await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id)).Json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("华为技术有限公司", entries[0].GetProperty("value").GetString());
        Assert.Equal(["Huawei Technologies", "华为"], entries[0].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("=HYPERLINK(\"x\")", entries[0].GetProperty("reference").GetString());
        Assert.Equal("3A090.a", entries[2].GetProperty("value").GetString());

        var export = await kit.Api.CallAsync("ExportWatchlist", kit.Keys.TeamA, id: id);
        Assert.Equal(200, export.Status);
        Assert.StartsWith("text/csv", export.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("\uFEFFtype,value,aliases,country,address,reference\r\n", export.Body, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", export.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", export.Body, StringComparison.Ordinal);

        var again = await CsvAsync(kit, id, Encoding.UTF8.GetBytes(export.Body));
        Assert.True(again.Status == 200, again.Body);
        var after = (await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id)).Json.GetProperty("entries").EnumerateArray().Select(e => e.GetRawText());
        Assert.Equal(entries.Select(e => e.GetRawText()), after);
    }

    [Fact]
    public async Task A_gb18030_file_is_read_by_its_charset_and_refused_without_it()
    {
        await using var kit = await Kit.CreateAsync();
        var id = await CreateAsync(kit);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030");
        var bytes = gb.GetBytes("type,value,aliases,country,address,reference\r\ncounterparty,中芯国际集成电路制造有限公司,SMIC,CN,上海,\r\n");

        var without = await CsvAsync(kit, id, bytes);
        var with = await CsvAsync(kit, id, bytes, contentType: "text/csv; charset=GB18030");

        Assert.Equal(400, without.Status);
        Assert.Contains("charset=gb18030", without.Body, StringComparison.Ordinal);
        Assert.True(with.Status == 200, with.Body);
        var entries = (await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id)).Json.GetProperty("entries");
        Assert.Equal("中芯国际集成电路制造有限公司", entries[0].GetProperty("value").GetString());
        Assert.Equal("上海", entries[0].GetProperty("address").GetString());
    }

    [Theory]
    [InlineData("name,value\ncounterparty,X\n", "Row 1: the header must be exactly type,value,aliases,country,address,reference")]
    [InlineData("type,value,aliases,country,address,reference\ncounterparty,Acme,,,,\nCOUNTERPARTY,acme ,,,,\n", "Row 3 duplicates row 2")]
    [InlineData("type,value,aliases,country,address,reference\ncounterparty,Acme,,,,\ncounterparty,=cmd|'/c calc'!A1,,,,\n", "Row 3, column value: the cell starts with '='")]
    [InlineData("type,value,aliases,country,address,reference\ncounterparty,Acme,,,@SUM(A1),\n", "Row 2, column address")]
    [InlineData("type,value,aliases,country,address,reference\neccn,3A09,,,,\n", "Row 2: '3A09' is not an ECCN")]
    [InlineData("type,value,aliases,country,address,reference\nsupplier,Acme,,,,\n", "Row 2: type must be one of")]
    [InlineData("type,value,aliases,country,address,reference\ncounterparty,Acme,,\n", "Row 2 has 4 fields")]
    [InlineData("type,value,aliases,country,address,reference\ncounterparty,\"Acme,,,,\n", "Row 2: a quoted field is not closed")]
    public async Task A_bad_csv_is_refused_with_its_row_named_and_nothing_imported(string csv, string expected)
    {
        await using var kit = await Kit.CreateAsync();
        var id = await CreateAsync(kit);

        var r = await CsvAsync(kit, id, Encoding.UTF8.GetBytes(csv));

        Assert.Equal(400, r.Status);
        Assert.Contains(expected, r.Body, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", r.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(6, (await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id)).Json.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task More_rows_than_the_limit_are_refused_naming_the_first_row_over_it_and_the_limit_itself_is_accepted()
    {
        await using var kit = await Kit.CreateAsync();
        var id = await CreateAsync(kit);
        string Rows(int n) => "type,value,aliases,country,address,reference\n" + string.Concat(Enumerable.Range(1, n).Select(i => $"counterparty,Company number {i} Trading,,,,\n"));

        var over = await CsvAsync(kit, id, Encoding.UTF8.GetBytes(Rows(100_000)));
        var atLimit = await CsvAsync(kit, id, Encoding.UTF8.GetBytes(Rows(10_000)));

        Assert.Equal(400, over.Status);
        Assert.Contains("Row 10002: a watchlist holds at most 10,000 entries", over.Body, StringComparison.Ordinal);
        Assert.True(atLimit.Status == 200, atLimit.Body);
        var list = await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id);
        Assert.Equal(10_000, list.Json.GetProperty("entries").GetArrayLength());
        Assert.Equal("Company number 10000 Trading", list.Json.GetProperty("entries")[9_999].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_csv_file_over_8_mib_is_refused_with_413_naming_the_limit_and_imports_nothing()
    {
        await using var kit = await Kit.CreateAsync();
        var id = await CreateAsync(kit);
        var header = "type,value,aliases,country,address,reference\n";
        var big = Encoding.UTF8.GetBytes(header + "counterparty,Acme Trading,,,," + new string('x', WatchlistsApi.MaxCsvBytes) + "\n");

        var r = await CsvAsync(kit, id, big);

        Assert.Equal(413, r.Status);
        Assert.Contains("The file may be at most 8,388,608 bytes; nothing was imported.", r.Body, StringComparison.Ordinal);
        Assert.Equal(6, (await kit.Api.CallAsync("GetWatchlist", kit.Keys.TeamA, id: id)).Json.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Bad_json_entries_are_refused_and_nothing_is_created()
    {
        await using var kit = await Kit.CreateAsync();

        var noName = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, new { counterparties = new[] { new { name = "Acme" } } });
        var badHts = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, new { name = "x", products = new[] { new { type = "hts", value = "85A2" } } });
        var duplicate = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, new { name = "x", counterparties = new[] { new { name = "Acme" }, new { name = "ACME" } } });
        var notJson = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, rawBody: "{", contentType: "application/json");

        Assert.All(new[] { noName, badHts, duplicate, notJson }, r => Assert.Equal(400, r.Status));
        Assert.Contains("products[0]: '85A2' is not an HTS prefix", badHts.Body, StringComparison.Ordinal);
        Assert.Contains("counterparties[1] duplicates counterparties[0]", duplicate.Body, StringComparison.Ordinal);
        Assert.Empty((await kit.Api.CallAsync("ListWatchlists", kit.Keys.TeamA)).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Every_later_change_is_screened_once_counterparties_against_list_entries_and_products_against_regulation_text()
    {
        await using var kit = await Kit.CreateAsync();
        var id = await CreateAsync(kit);
        var log = kit.Get<ChangeLogStore>();
        var added = await WatchlistMatchAlertTests.ListedAsync(kit);
        var ecfr = (await log.AppendAsync(new ChangeRecord
        {
            Id = ChangeRecord.NewId("ecfr-ear", "15/774/Supplement 1", "a", "b"),
            SourceId = "ecfr-ear",
            ItemKey = "15/774/Supplement 1",
            ChangeType = ChangeType.Modified,
            Title = "Supplement No. 1 to Part 774 - The Commerce Control List",
            ContentVersion = "b",
            DetectedAt = kit.Clock.GetUtcNow(),
            Diff = [new FieldChange("text", "3A001 Electronic items...", "3A090.a Integrated circuits having one or more digital processing units; see also 4A090.")],
        })).Change;
        var tariff = (await log.AppendAsync(new ChangeRecord
        {
            Id = ChangeRecord.NewId("hts-semiconductors", "8542.39.00.01", null, "v"),
            SourceId = "hts-semiconductors",
            ItemKey = "8542.39.00.01",
            ChangeType = ChangeType.Added,
            Title = "8542.39.00.01 Other electronic integrated circuits",
            ContentVersion = "v",
            DetectedAt = kit.Clock.GetUtcNow(),
        })).Change;

        var dispatch = kit.Get<DispatchService>();
        foreach (var change in new[] { added, ecfr, tariff, added, ecfr })
        {
            await dispatch.DispatchAsync(new DispatchMessage(change.Id));
        }

        var items = (await kit.Api.CallAsync("ListWatchlistMatches", kit.Keys.TeamA, id: id)).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var entity = items.Single(m => m.GetProperty("changeId").GetString() == added.Id);
        Assert.Equal("Hebei Semiconductor Research Institute", entity.GetProperty("matchedName").GetString());
        Assert.Equal("change", entity.GetProperty("origin").GetString());
        Assert.Equal("EL", entity.GetProperty("list").GetString());
        var product = items.Single(m => m.GetProperty("changeId").GetString() == ecfr.Id);
        Assert.Equal("3A090", product.GetProperty("entryValue").GetString());
        Assert.Equal("3A090.a", product.GetProperty("matchedName").GetString());
        Assert.DoesNotContain(items, m => m.GetProperty("changeId").GetString() == tariff.Id);
    }

    /// <summary>The current screening list: the consolidated list sample's EL, MEU and UVL entries (3) as csl-entity-list's snapshots.</summary>
    internal static async Task SeedListAsync(SnapshotStore snapshots)
    {
        var items = ScreeningListSource.ParseCsv(Scope, await File.ReadAllBytesAsync(OfficialSupport.Corpus("trade-gov-csl", "csl-consolidated-current-format-sample.csv")),
            new HashSet<string>(["EL", "MEU", "UVL"], StringComparer.Ordinal));
        Assert.Equal(3, items.Count);
        await snapshots.WriteBatchAsync(Scope, [.. items.Select(i => new Snapshot(i.ItemKey, SnapshotStore.VersionOf(i.Fields), 0, i.Fields, null, false, i.Title, i.Url))]);
    }

    private static async Task<string> CreateAsync(Kit kit)
    {
        var created = await kit.Api.CallAsync("CreateWatchlist", kit.Keys.TeamA, Customers);
        Assert.True(created.Status == 201, created.Body);
        return created.Json.GetProperty("watchlist").GetProperty("id").GetString()!;
    }

    /// <summary>POSTs the file's bytes to the import route as they are (another encoding than UTF-8 included).</summary>
    private static Task<ApiReply> CsvAsync(Kit kit, string id, byte[] body, string contentType = "text/csv", string? key = null) =>
        kit.Api.CallAsync("ImportWatchlist", key ?? kit.Keys.TeamA, id: id, contentType: contentType, bytes: body);
}
