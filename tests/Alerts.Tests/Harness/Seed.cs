using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;

namespace Alerts.Tests.Harness;

/// <summary>Changes for tests: appended through the real store, evidence stored as the poller stores it.</summary>
public static class Seed
{
    public static ChangeRecord Draft(
        string key, string title = "Entity List additions", string? summary = null, Severity severity = Severity.High, string[]? topics = null, string source = "test") => new()
    {
        Id = ChangeRecord.NewId(source, key, null, "v1"),
        SourceId = source,
        ItemKey = key,
        ChangeType = ChangeType.Added,
        Title = title,
        Summary = summary,
        ContentVersion = "v1",
        Topics = topics ?? ["entity-list"],
        Severity = severity,
        Jurisdiction = "US",
        Diff = [new FieldChange("title", null, title)],
    };

    /// <summary>Appends a change whose evidence is <paramref name="content"/>, stored in the evidence container by its SHA-256.</summary>
    public static async Task<ChangeRecord> AppendWithEvidenceAsync(TestServices t, string key, byte[] content, string contentType = "application/xml")
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await t.Get<AlertsStorage>().Container(StorageNames.EvidenceContainer).GetBlobClient(sha)
            .UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } });
        var draft = Draft(key) with
        {
            Evidence = new Evidence
            {
                Url = "https://www.federalregister.gov/api/v1/documents/" + key + ".xml",
                FetchedAt = t.Get<TimeProvider>().GetUtcNow(),
                Status = 200,
                ETag = "\"abc\"",
                ContentType = contentType,
                ContentSha256 = sha,
                ContentLength = content.Length,
            },
        };
        return (await t.Get<ChangeLogStore>().AppendAsync(draft)).Change;
    }

    public static async Task AppendManyAsync(TestServices t, int count, Func<int, ChangeRecord>? make = null)
    {
        var log = t.Get<ChangeLogStore>();
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(make?.Invoke(i) ?? Draft("doc-" + i));
        }
    }
}
