using System.Net.Http.Headers;
using Alerts.Core.Access;
using Alerts.Core.Detection;
using Alerts.Tests.Watchlists;
using Microsoft.Playwright;

namespace Alerts.Tests.Web;

/// <summary>
/// The watchlist section of the team page (team key) and of the preferences page (manage token), one script for both:
/// create with a CSV file and see the screening, matches, import, export, delete.
/// </summary>
public sealed class WatchlistPageTests
{
    private const string Csv = "type,value,aliases,country,address,reference\r\n"
        + "counterparty,Hebei Semiconductor Research Institute,,CN,,SAP-1001\r\n"
        + "eccn,3A090,,,,\r\n";

    private const string Hostile = "<img src=x onerror=alert(1)>";

    private static FilePayload File(string name, byte[] bytes) => new() { Name = name, MimeType = "text/csv", Buffer = bytes };

    /// <summary>The owner's watchlists as the API lists them (a team by its key, a subscriber by their manage token).</summary>
    private static async Task<JsonElement> ListAsync(WebKit kit, string owner, string secret)
    {
        using var http = new HttpClient { BaseAddress = kit.BaseUri };
        var path = owner == "team" ? "/api/watchlists" : "/api/subscriptions/watchlists?token=" + Uri.EscapeDataString(secret);
        if (owner == "team")
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        using var doc = JsonDocument.Parse(await http.GetStringAsync(path));
        return doc.RootElement.GetProperty("items").Clone();
    }

    /// <summary>The page of the owner, signed in: the team page with a team key, the preferences page with a manage token.</summary>
    private static async Task<(IPage Page, List<string> Dialogs, string Secret)> OpenAsync(WebKit kit, string owner)
    {
        var (page, dialogs) = await kit.NewPageAsync();
        if (owner == "team")
        {
            var key = (await kit.App.Services.GetRequiredService<ApiKeyStore>().CreateAsync(new NewApiKey("web tests", Roles.Team, "team-lists"))).Secret;
            await page.GotoAsync("/api/app/team.html");
            await WebKit.EnterKeyAsync(page, key);
            return (page, dialogs, key);
        }

        var token = await kit.SubscriberTokenAsync();
        await page.GotoAsync("/api/app/preferences.html#token=" + Uri.EscapeDataString(token));
        return (page, dialogs, token);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("subscriber")]
    public async Task The_owner_creates_a_watchlist_from_a_csv_file_sees_its_matches_and_imports_exports_and_deletes_it_on_their_page(string owner)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await using var kit = await WebKit.StartAsync();
        await WatchlistApiTests.SeedListAsync(kit.App.Services.GetRequiredService<SnapshotStore>());
        var (page, dialogs, key) = await OpenAsync(kit, owner);
        var message = page.Locator("#watchlists-message");
        await Assertions.Expect(message).ToHaveTextAsync("No watchlist yet: create one below.");

        // Created and imported in one go, and screened at once: the listed alias "Hebei Semiconductor Research Institute" matches.
        await page.GetByLabel("Watchlist name").FillAsync("Asia customers");
        await page.Locator("#wl-description").FillAsync(Hostile);
        await page.GetByLabel("Entries from a CSV file").SetInputFilesAsync(File("customers.csv", Encoding.UTF8.GetBytes(Csv)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and screen" }).ClickAsync();
        await Assertions.Expect(message).ToContainTextAsync("Created Asia customers. Imported 2 entries. Screened against 3 listed entries: 1 match.");
        var row = page.Locator("#watchlists tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.Equal(["1", "1"], await row.Locator("td:nth-child(2), td:nth-child(3)").AllTextContentsAsync());

        await Assertions.Expect(row.Locator("th .hint")).ToHaveTextAsync(Hostile); // shown as text, runs nothing
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        await row.GetByRole(AriaRole.Button, new() { Name = "Matches of Asia customers" }).ClickAsync();
        var match = page.Locator("#matches tbody tr");
        await Assertions.Expect(match).ToHaveCountAsync(1);
        await Assertions.Expect(match).ToContainTextAsync("Hebei Semiconductor Research Institute");
        await Assertions.Expect(match.Locator("td:nth-child(3)")).ToHaveTextAsync("EL");

        // A file with a formula cell is refused as a whole, naming its row; the entries stay as they were.
        var chooser = await page.RunAndWaitForFileChooserAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Import CSV into Asia customers, replacing its entries" }).ClickAsync());
        await chooser.SetFilesAsync(File("bad.csv", Encoding.UTF8.GetBytes("type,value,aliases,country,address,reference\r\nterm,\"=HYPERLINK(\"\"http://x\"\")\",,,,\r\n")));
        await Assertions.Expect(message).ToContainTextAsync("Nothing was imported: Row 2, column value");
        Assert.Equal(1, (await ListAsync(kit, owner, key))[0].GetProperty("products").GetInt32());

        // A GB18030 file without a BOM, with the encoding chosen on the page: the Chinese name arrives intact.
        await page.GetByLabel("Encoding of CSV files without a byte-order mark").SelectOptionAsync("gb18030");
        chooser = await page.RunAndWaitForFileChooserAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Import CSV into Asia customers, replacing its entries" }).ClickAsync());
        await chooser.SetFilesAsync(File("cn.csv", Encoding.GetEncoding("GB18030").GetBytes("type,value,aliases,country,address,reference\r\ncounterparty,中国电子科技集团公司第十三研究所,,CN,,\r\n")));
        await Assertions.Expect(message).ToContainTextAsync("Asia customers: 1 entry imported, replacing the previous ones.");

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Export CSV of Asia customers" }).ClickAsync());
        Assert.Equal("Asia-customers.csv", download.SuggestedFilename);
        var exported = await System.IO.File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        Assert.Equal("type,value,aliases,country,address,reference\r\ncounterparty,中国电子科技集团公司第十三研究所,,CN,,\r\n", exported.TrimStart('\uFEFF'));

        // Deleting asks first; "Keep it" keeps it.
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete Asia customers" }).ClickAsync();
        await page.Locator("#wl-delete-no").ClickAsync();
        Assert.Equal(1, (await ListAsync(kit, owner, key)).GetArrayLength());
        await WebKit.CheckPageAsync(page, owner + "-watchlists");
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete Asia customers" }).ClickAsync();
        await page.Locator("#wl-delete-yes").ClickAsync();
        await Assertions.Expect(message).ToHaveTextAsync("Deleted: Asia customers.");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#matches-section")).ToBeHiddenAsync();
        Assert.Equal(0, (await ListAsync(kit, owner, key)).GetArrayLength());
        Assert.Empty(dialogs);
        Assert.Empty(kit.Escaped);
    }
}
