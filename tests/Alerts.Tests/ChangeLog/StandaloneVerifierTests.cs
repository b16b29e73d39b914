using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Alerts.Server.Cli;

namespace Alerts.Tests.ChangeLog;

/// <summary>
/// tools/verify_log.py (Python standard library only, none of the service's code) verifies what the real service
/// exports: NDJSON from GET /api/changes?format=ndjson and `alerts changes --json`, with the anchors published to GitHub.
/// </summary>
public sealed class StandaloneVerifierTests : IDisposable
{
    private const string AnchorsPath = "anchors/log.jsonl";
    private readonly string _dir = Directory.CreateTempSubdirectory("verify-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_ndjson_export_verifies_without_the_service_and_an_edited_title_is_named_by_its_sequence()
    {
        await using var host = await TestWorld.StartAsync();
        var recorded = await RecordAsync(host);
        var export = await ExportAsync(host);

        var intact = await VerifyAsync(Write("export.ndjson", export));
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var edited = recorded[2];
        var tampered = await VerifyAsync(Write("tampered.ndjson", Edit(export, edited.Sequence, line => line["title"] = edited.Title + " (revised)")));

        Assert.True(intact.Code == 0, intact.Output);
        Assert.Contains($"OK: {recorded.Count} entries, sequences 1 to {recorded.Count}", intact.Output, StringComparison.Ordinal);
        Assert.Equal(recorded.Count, lines.Length);
        foreach (var line in lines.Select(l => JsonNode.Parse(l)!))
        {
            var canonical = line["canonical"]!.GetValue<string>();
            Assert.Equal(line["hash"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
            Assert.NotEmpty(line["diff"]!.AsArray());
        }

        Assert.True(tampered.Code == 1, tampered.Output);
        Assert.Contains($"BROKEN at sequence {edited.Sequence} ({edited.Id})", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("the entry was edited", tampered.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Published_anchors_pass_when_intact_and_catch_an_edited_anchor_and_a_consistently_rewritten_export()
    {
        await using var github = await GitHubContentsServer.StartAsync();
        await using var host = await TestWorld.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Anchoring:Repository"] = $"{github.Owner}/{github.Repo}",
            ["Alerts:Anchoring:Path"] = AnchorsPath,
            ["Alerts:GitHub:BaseUrl"] = github.BaseUri.ToString(),
            ["Alerts:GitHub:Token"] = github.Token,
        });
        var anchoring = host.Services.Get<AnchorService>();
        var recorded = await RecordAsync(host, take: 3);
        await anchoring.PublishAsync();
        recorded.AddRange(await RecordAsync(host, skip: 3));
        await anchoring.PublishAsync();
        var export = Write("export.ndjson", await ExportAsync(host));
        var published = Encoding.UTF8.GetString(github.Files[AnchorsPath]);
        var anchors = Write("anchors.jsonl", published);
        var first = JsonNode.Parse(published.Split('\n')[0])!;
        first["hash"] = new string('a', 64);
        var editedAnchors = Write("edited-anchors.jsonl", first.ToJsonString() + "\n" + published.Split('\n')[1] + "\n");
        var rewritten = Write("rewritten.ndjson", RewriteConsistently(await File.ReadAllTextAsync(export), 2, "Nothing to see here"));

        var intact = await VerifyAsync(export, "--anchor", anchors);
        var withEditedAnchor = await VerifyAsync(export, "--anchor", editedAnchors);
        var rewrittenAlone = await VerifyAsync(rewritten);
        var rewrittenAnchored = await VerifyAsync(rewritten, "--anchor", anchors);

        Assert.Equal(2, github.Commits);
        Assert.True(intact.Code == 0, intact.Output);
        Assert.Contains("agrees with 2 anchors", intact.Output, StringComparison.Ordinal);
        Assert.True(withEditedAnchor.Code == 1, withEditedAnchor.Output);
        Assert.Contains($"BROKEN at sequence 3 ({recorded[2].Id}): the anchor", withEditedAnchor.Output, StringComparison.Ordinal);
        Assert.True(rewrittenAlone.Code == 0, rewrittenAlone.Output); // the chain alone cannot tell
        Assert.True(rewrittenAnchored.Code == 1, rewrittenAnchored.Output);
        Assert.Contains($"BROKEN at sequence 3 ({recorded[2].Id}): the anchor", rewrittenAnchored.Output, StringComparison.Ordinal);
        Assert.Contains("rewritten at or before this entry", rewrittenAnchored.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_single_change_response_and_the_cli_export_carry_the_stored_canonical_text()
    {
        await using var host = await TestWorld.StartAsync();
        var recorded = await RecordAsync(host);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;
        var stdout = new StringWriter();

        var reply = await host.Api.CallAsync("GetChange", auditor, id: recorded[0].Id);
        var one = JsonNode.Parse(reply.Body)!;
        var exit = await AlertsCli.RunAsync(["changes", "--json"], stdout, new StringWriter(), s => s.Configure<AlertsOptions>(host.Services.SameStorage));
        var cli = await VerifyAsync(Write("cli.ndjson", stdout.ToString()));
        var partial = await VerifyAsync(Write("partial.ndjson", string.Join('\n', stdout.ToString().Split('\n').Skip(2))), "--start", "3");

        Assert.Equal(200, reply.Status);
        Assert.Equal(recorded[0].StoredCanonical, one["canonical"]!.GetValue<string>());
        Assert.Equal(recorded[0].Hash, one["hash"]!.GetValue<string>());
        Assert.Equal(AlertsCli.Ok, exit);
        Assert.True(cli.Code == 0, cli.Output);
        Assert.True(partial.Code == 0, partial.Output);
        Assert.Contains($"sequences 3 to {recorded.Count}", partial.Output, StringComparison.Ordinal);
    }

    /// <summary>Changes with text a reimplementation easily gets wrong: non-ASCII, quotes, controls, emoji, odd numbers and dates.</summary>
    private static async Task<List<ChangeRecord>> RecordAsync(TestWorld host, int skip = 0, int take = int.MaxValue)
    {
        var everyBmpCharacter = new string([.. Enumerable.Range(0, 0x10000).Where(c => c is < 0xD800 or > 0xDFFF).Select(c => (char)c)]);
        ChangeRecord[] drafts =
        [
            Seed.Draft("mofcom-61", title: "商务部公告2026年第61号：关于对部分物项实施出口管制的决定", summary: "“稀土” \"quoted\" 'single' <b>&amp;</b>") with
            {
                Description = "Règlement (UE) 2021/821 — contrôle à l’exportation; Zürich; Ñandú; naïve café",
                Relevance = 0.35,
                PublishedAt = new DateTimeOffset(2026, 10, 9, 8, 30, 0, TimeSpan.FromHours(8)),
                Url = "https://www.mofcom.gov.cn/zwgk/gkzcfb/art/2026/art_61.html?a=1&b=<2>",
                Matched = ["稀土", "export control"],
                References = ["MOFCOM:2026-61"],
                Evidence = new Evidence
                {
                    Url = "https://www.mofcom.gov.cn/61", FetchedAt = host.Clock.GetUtcNow(), Status = 200, ETag = "\"abc\"", ContentSha256 = new string('0', 64),
                    ContentLength = 1234
                },
            },
            Seed.Draft("meti-2026", title: "輸出貿易管理令の一部改正 \u2028 Tab\there, NBSP\u00a0, DEL\u007f, ctrl\u0001, 😀 𠀀 \\ </script>") with
            {
                Relevance = 1,
                Official = false,
                DocumentType = "notice",
                Diff = [new FieldChange("title", "Before \"old\"", "After ‘new’"), new FieldChange("url", "https://a.example/", null)],
            },
            Seed.Draft("minimal", title: "Plain") with { Topics = [], Matched = [], Relevance = 0, Severity = Severity.Info, Summary = null, Jurisdiction = "other" },
            Seed.Draft("truncated", title: "Truncated mid-emoji") with
            {
                Description = "A description cut in the middle of a surrogate pair: " + "😀"[..1],
                Relevance = 1e-5,
                PublishedAt = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(-5)).AddTicks(1_234_567),
                ChangeType = ChangeType.Modified,
                PreviousContentVersion = "v0",
            },
            Seed.Draft("every-character", title: "Every BMP character (U+0000 to U+FFFF without surrogates) in the description") with
            {
                Description = everyBmpCharacter,
                Relevance = 0.1 + 0.2,
                ChangeType = ChangeType.Removed,
                ContentVersion = "",
                PreviousContentVersion = "v1",
                StoryId = "story-1",
                PreviousChangeId = "chg_0123",
            },
        ];

        var log = host.Services.Get<ChangeLogStore>();
        var recorded = new List<ChangeRecord>();
        foreach (var draft in drafts.Skip(skip).Take(take))
        {
            host.Clock.Advance(TimeSpan.FromTicks(12_345_670)); // detection times with fractional seconds
            recorded.Add((await log.AppendAsync(draft)).Change);
        }

        return recorded;
    }

    private static async Task<string> ExportAsync(TestWorld host)
    {
        var auditor = (await host.CreateKeyAsync(Roles.Auditor, "export")).Secret;
        var response = await host.Api.CallAsync("ListChanges", auditor, query: "?format=ndjson"); // newest first: the verifier sorts
        Assert.Equal("application/x-ndjson", response.MediaType);
        return response.Body;
    }

    private static string Edit(string export, long sequence, Action<JsonNode> edit) => string.Join('\n', export.Split('\n').Select(l =>
    {
        if (l.Length == 0 || JsonNode.Parse(l) is not { } node || node["sequence"]!.GetValue<long>() != sequence)
        {
            return l;
        }

        edit(node);
        return node.ToJsonString();
    }));

    /// <summary>What someone who can rewrite storage could serve: one title changed and every hash after it recomputed.</summary>
    private static string RewriteConsistently(string export, long sequence, string title)
    {
        var changes = export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<ChangeRecord>(l, ApiJson.Options)!).OrderBy(c => c.Sequence).ToList();
        var previous = ChangeLogStore.Genesis;
        var lines = new List<string>();
        foreach (var c in changes)
        {
            var record = c with { Title = c.Sequence == sequence ? title : c.Title, PreviousHash = previous, Hash = null, StoredCanonical = null };
            record = record with { Hash = record.ComputeHash() };
            previous = record.Hash;
            lines.Add(JsonSerializer.Serialize(new VerifiableChange(record), ApiJson.Options));
        }

        return string.Join('\n', lines) + "\n";
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static async Task<(int Code, string Output)> VerifyAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Python()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(Paths.RepoRoot, "tools", "verify_log.py"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Python()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "python3");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("python3 is not on PATH: these tests run tools/verify_log.py with it (install Python 3.8 or later, e.g. apt-get install -y python3).");
        return "";
    }
}
