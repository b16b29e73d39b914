using System.Security.Cryptography;
using Alerts.Core.Access;
using Alerts.Core.Api;
using Alerts.Core.ChangeLog;
using Alerts.Core.Storage;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Tests.Harness;

/// <summary>
/// The self-host on Kestrel (127.0.0.1, a free port) over a test's own Azurite storage, with a configured bootstrap admin
/// key and a fake clock shared by the server and the test's own services.
/// </summary>
public sealed class AccessHost : IAsyncDisposable
{
    public const string AdminKey = "bootstrap-admin-key-for-tests-0123456789abcdef";

    private AccessHost(TestServices services, SelfHost server, FakeTimeProvider clock)
    {
        Services = services;
        Server = server;
        Clock = clock;
    }

    public TestServices Services { get; }

    public SelfHost Server { get; }

    public WebApplication App => Server.App;

    public Uri BaseUri => Server.BaseUri;

    public FakeTimeProvider Clock { get; }

    public static async Task<AccessHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, params string[] serverArgs)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Alerts:Keys:BootstrapAdminKey"] = AdminKey };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        var services = await TestServices.CreateAsync(all, clock);
        var server = await SelfHost.StartAsync(services.Settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            configure?.Invoke(s);
        }, serverArgs);
        return new AccessHost(services, server, clock);
    }

    public HttpClient Client(string? key = null) => Server.Client(key);

    /// <summary>The API over real HTTP to this server (the key is given per call).</summary>
    public ApiClient Api => field ??= ApiClient.Over(Server.Client());

    public Task<CreatedApiKey> CreateKeyAsync(string role, string name = "test key", string? team = null, DateTimeOffset? expiresAt = null) =>
        Services.Get<ApiKeyStore>().CreateAsync(new NewApiKey(name, role, team, expiresAt));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Services.DisposeAsync();
    }
}

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
