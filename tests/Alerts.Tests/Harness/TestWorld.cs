using Alerts.Core.Access;
using Alerts.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alerts.Tests.Harness;

/// <summary>
/// The one test fixture: a test's own storage on Azurite, the self-host on Kestrel (127.0.0.1, a free port) over it, and
/// the outside world it talks to played on 127.0.0.1 (SendGrid when asked; GitHub and source servers are pointed at
/// through <see cref="WorldOptions.Settings"/>; anything not pointed at goes to <see cref="TestServices.DeadEnd"/>).
/// The test's services are the server's own (one container: what the API does, the test reads), on one fake clock, with
/// one DNS played by the test (<see cref="Resolver"/>) and one log collector. The API is called over real HTTP through
/// <see cref="Api"/>; a configured bootstrap admin key (<see cref="AdminKey"/>) works from the start.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    public const string AdminKey = "bootstrap-admin-key-for-tests-0123456789abcdef";

    private TestWorld(TestServices services, SelfHost server, FakeTimeProvider clock, TestLogs logs, TestResolver resolver, FakeSendGrid? sendGrid)
    {
        Services = services;
        Server = server;
        Clock = clock;
        Logs = logs;
        Resolver = resolver;
        SendGridServer = sendGrid;
    }

    /// <summary>The self-host's services, as a test's (storage deleted on dispose).</summary>
    public TestServices Services { get; }

    public SelfHost Server { get; }

    public WebApplication App => Server.App;

    public Uri BaseUri => Server.BaseUri;

    public FakeTimeProvider Clock { get; }

    public TestLogs Logs { get; }

    public TestResolver Resolver { get; }

    private FakeSendGrid? SendGridServer { get; }

    /// <summary>SendGrid (started when <see cref="WorldOptions.SendGridFor"/> was given).</summary>
    public FakeSendGrid SendGrid => SendGridServer ?? throw new InvalidOperationException("This world has no SendGrid: start it with WorldOptions.SendGridFor.");

    /// <summary>The API over real HTTP to the self-host (the key is given per call; redirects are answers, not followed).</summary>
    public ApiClient Api => field ??= ApiClient.Over(Server.Client(followRedirects: false));

    public T Get<T>() where T : notnull => Services.Get<T>();

    public static Task<TestWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, params string[] serverArgs) =>
        StartAsync(new WorldOptions { Settings = settings, Configure = configure, ServerArgs = serverArgs });

    public static async Task<TestWorld> StartAsync(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = new FakeTimeProvider(options.Start ?? new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var sendGrid = options.SendGridFor is { } publicBase ? await FakeSendGrid.StartAsync() : null;
        var mine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Alerts:Keys:BootstrapAdminKey"] = AdminKey };
        foreach (var (k, v) in sendGrid?.Settings(options.SendGridFor!) ?? [])
        {
            mine[k] = v;
        }

        foreach (var (k, v) in options.Settings ?? new Dictionary<string, string?>())
        {
            mine[k] = v;
        }

        var settings = await TestServices.SettingsAsync(mine);
        var resolver = new TestResolver();
        TestLogs? logs = null;
        var server = await SelfHost.StartAsync(settings, s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<IHostResolver>(resolver);
            logs = TestLogs.AddTo(s);
            options.Configure?.Invoke(s);
        }, [.. options.ServerArgs]);
        var services = await TestServices.ForHostAsync(server.App.Services, settings);
        return new TestWorld(services, server, clock, logs!, resolver, sendGrid);
    }

    public HttpClient Client(string? key = null) => Server.Client(key);

    public Task<CreatedApiKey> CreateKeyAsync(string role, string name = "test key", string? team = null, DateTimeOffset? expiresAt = null) =>
        Services.Get<ApiKeyStore>().CreateAsync(new NewApiKey(name, role, team, expiresAt));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        if (SendGridServer is not null)
        {
            await SendGridServer.DisposeAsync();
        }
    }
}
