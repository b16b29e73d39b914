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
