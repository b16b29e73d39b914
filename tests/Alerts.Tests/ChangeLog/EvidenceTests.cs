using System.Security.Cryptography;
using Alerts.Server.Cli;

namespace Alerts.Tests.ChangeLog;

public sealed class EvidenceTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<rule>Entity List: additions of 12 entities\u00e9</rule>\r\n\0binary tail");

    [Fact]
    public async Task Evidence_is_returned_byte_for_byte_with_its_hash_and_content_type()
    {
        await using var host = await TestWorld.StartAsync();
        var change = await Seed.AppendWithEvidenceAsync(host.Services, "2026-20001", Document, "application/xml");
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        var byId = await host.Api.CallAsync("GetEvidence", auditor, id: change.Id);
        var bySequence = await host.Api.CallAsync("GetEvidence", auditor, id: change.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var changeReply = await host.Api.CallAsync("GetChange", auditor, id: change.Id);
        var detail = changeReply.Json;

        Assert.Equal(200, byId.Status);
        Assert.Equal(200, changeReply.Status);
        Assert.Equal(Document, byId.Bytes);
        Assert.Equal(Document, bySequence.Bytes);
        Assert.Equal("application/xml", byId.MediaType);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Document));
        Assert.Equal(sha, Assert.Single(byId.Headers[ChangesApi.ContentSha256Header]));
        Assert.Equal("sha-256=:" + Convert.ToBase64String(SHA256.HashData(Document)) + ":", Assert.Single(byId.Headers["Repr-Digest"]));
        Assert.Equal(sha, detail.GetProperty("evidence").GetProperty("contentSha256").GetString());
        Assert.Equal("Entity List additions", detail.GetProperty("diff")[0].GetProperty("after").GetString());
    }

    [Fact]
    public async Task Evidence_of_an_unknown_change_is_404_and_a_missing_blob_410()
    {
        await using var host = await TestWorld.StartAsync();
        var change = await Seed.AppendWithEvidenceAsync(host.Services, "2026-20002", Document);
        await host.Services.Get<ChangeLogStore>().AppendAsync(Seed.Draft("no-evidence"));
        await host.Services.Get<AlertsStorage>().Container(StorageNames.EvidenceContainer).DeleteBlobAsync(change.Evidence!.ContentSha256);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        Assert.Equal(404, (await host.Api.CallAsync("GetEvidence", auditor, id: "chg_nope")).Status);
        Assert.Equal(404, (await host.Api.CallAsync("GetEvidence", auditor, id: "2")).Status);
        Assert.Equal(410, (await host.Api.CallAsync("GetEvidence", auditor, id: change.Id)).Status);
    }

    [Fact]
    public async Task Verify_finds_an_evidence_blob_edited_behind_the_services_back()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendWithEvidenceAsync(host.Services, "a", Encoding.UTF8.GetBytes("first document"));
        var tampered = await Seed.AppendWithEvidenceAsync(host.Services, "b", Document);
        await Seed.AppendWithEvidenceAsync(host.Services, "c", Encoding.UTF8.GetBytes("third document"));
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;
        var before = await host.Api.CallAsync("VerifyChanges", auditor);

        var blob = host.Services.Get<AlertsStorage>().Container(StorageNames.EvidenceContainer).GetBlobClient(tampered.Evidence!.ContentSha256);
        await blob.UploadAsync(BinaryData.FromString("<rule>nothing happened</rule>"), overwrite: true);
        var after = await host.Api.CallAsync("VerifyChanges", auditor);
        var body = after.Json;

        Assert.Equal(200, before.Status);
        Assert.Equal(409, after.Status);
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Equal(2, body.GetProperty("firstBadSequence").GetInt64());
        Assert.Equal(tampered.Id, body.GetProperty("firstBadChangeId").GetString());
        Assert.Contains("hashes to", body.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, (await host.Api.CallAsync("VerifyChanges", auditor, query: "?evidence=false")).Status);
    }

    [Fact]
    public async Task Verify_reports_a_missing_evidence_blob_as_a_finding_and_the_cli_fails()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendWithEvidenceAsync(host.Services, "a", Encoding.UTF8.GetBytes("first"));
        var lost = await Seed.AppendWithEvidenceAsync(host.Services, "b", Encoding.UTF8.GetBytes("second"));
        await host.Services.Get<AlertsStorage>().Container(StorageNames.EvidenceContainer).DeleteBlobAsync(lost.Evidence!.ContentSha256);

        var result = await host.Services.Get<ChangeLogVerifier>().VerifyAsync();
        var stderr = new StringWriter();
        var exit = await AlertsCli.RunAsync(["verify"], new StringWriter(), stderr, s => s.Configure<Alerts.Core.AlertsOptions>(host.Services.SameStorage));

        Assert.False(result.Ok);
        Assert.Equal(2, result.FirstBadSequence);
        Assert.Equal("evidence", Assert.Single(result.Findings).Kind);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
        Assert.Equal(AlertsCli.Failed, exit);
        Assert.Contains("broken at sequence 2", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_over_http_names_a_change_edited_behind_the_services_back()
    {
        await using var host = await TestWorld.StartAsync();
        await Seed.AppendManyAsync(host.Services, 4);
        var table = host.Services.Get<AlertsStorage>().Table(StorageNames.Changes);
        var entity = (await table.GetEntityAsync<TableEntity>(ChangeLogStore.Partition, ChangeLogStore.EntryRow(3))).Value;
        entity["Body"] = entity.GetString("Body")!.Replace("\"severity\":\"high\"", "\"severity\":\"low\"", StringComparison.Ordinal);
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
        var auditor = (await host.CreateKeyAsync(Roles.Auditor)).Secret;

        var r = await host.Api.CallAsync("VerifyChanges", auditor);
        var body = r.Json;

        Assert.Equal(409, r.Status);
        Assert.Equal(3, body.GetProperty("firstBadSequence").GetInt64());
    }
}
