using Alerts.Core.Access;
using Alerts.Core.Webhooks;
using Microsoft.AspNetCore.Builder;

namespace Alerts.Tests.Harness;

/// <summary>
/// The one test fixture: a test's own storage on Azurite, the self-host on Kestrel (127.0.0.1, a free port) over it, and
/// the outside world it talks to played on 127.0.0.1: SendGrid, GitHub and source servers when <see cref="WorldOptions"/>
/// asks for them, and any other server a test needs (<see cref="ServeAsync"/>: a webhook receiver, a feed an operator
/// adds); every outside service not played points at <see cref="TestServices.DeadEnd"/>.
/// The test's services are the server's own (one container: what the API does, the test reads), on one fake clock (<see cref="Clock"/>), with
/// one DNS played by the test (<see cref="Resolver"/>) and one log collector. The API is called over real HTTP through
/// <see cref="Api"/>; a configured bootstrap admin key (<see cref="AdminKey"/>) works from the start.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    public const string AdminKey = "bootstrap-admin-key-for-tests-0123456789abcdef";

    /// <summary>The token the service sends to the world's GitHub (it must never appear in a log).</summary>
    public const string GitHubToken = "ghp_test0123456789abcdefSECRET";

    private readonly Outside _outside;

    private TestWorld(TestServices services, SelfHost server, WatchedClock clock, TestLogs logs, TestResolver resolver, Outside outside)
    {
        Services = services;
        Server = server;
        Clock = clock;
        Logs = logs;
        Resolver = resolver;
        _outside = outside;
    }

    /// <summary>The outside services a world plays; disposed with it.</summary>
    private sealed class Outside
    {
        public FakeSendGrid? SendGrid { get; set; }

        public FakeGitHub? GitHub { get; set; }

        public Dictionary<string, LocalServer> Sources { get; } = new(StringComparer.Ordinal);

        public List<LocalServer> Others { get; } = [];

        public async ValueTask DisposeAsync()
        {
            foreach (var server in Sources.Values.Concat(Others))
            {
                await server.DisposeAsync();
            }

            if (SendGrid is not null)
            {
                await SendGrid.DisposeAsync();
            }

            if (GitHub is not null)
            {
                await GitHub.DisposeAsync();
            }
        }
    }

    /// <summary>The self-host's services, as a test's (storage deleted on dispose).</summary>
    public TestServices Services { get; }

    public SelfHost Server { get; }

    public WebApplication App => Server.App;

    public Uri BaseUri => Server.BaseUri;

    /// <summary>The one clock of the server and the test: a fake one that tells when code schedules a timer on it.</summary>
    public WatchedClock Clock { get; }

    public TestLogs Logs { get; }

    public TestResolver Resolver { get; }

    /// <summary>SendGrid (started when <see cref="WorldOptions.SendGridFor"/> was given).</summary>
    public FakeSendGrid SendGrid => _outside.SendGrid ?? throw new InvalidOperationException("This world has no SendGrid: start it with WorldOptions.SendGridFor.");

    /// <summary>GitHub (started when <see cref="WorldOptions.GitHub"/> was set).</summary>
    public FakeGitHub GitHub => _outside.GitHub ?? throw new InvalidOperationException("This world has no GitHub: start it with WorldOptions.GitHub.");

    /// <summary>The server playing source <paramref name="sourceId"/> (one of <see cref="WorldOptions.Sources"/>).</summary>
    public LocalServer Source(string sourceId) => _outside.Sources[sourceId];

    /// <summary>Starts another server of the outside world on 127.0.0.1 (a webhook receiver, a feed); it stops with the world.</summary>
    public async Task<LocalServer> ServeAsync(Func<HttpContext, Task> handler)
    {
        var server = await LocalServer.StartAsync(handler);
        _outside.Others.Add(server);
        return server;
    }

    /// <summary>The API over real HTTP to the self-host (the key is given per call; redirects are answers, not followed).</summary>
    public ApiClient Api => field ??= ApiClient.Over(Server.Client(followRedirects: false));

    public T Get<T>() where T : notnull => Services.Get<T>();

    public static Task<TestWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, params string[] serverArgs) =>
        StartAsync(new WorldOptions { Settings = settings, Configure = configure, ServerArgs = serverArgs });

    public static async Task<TestWorld> StartAsync(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = new WatchedClock(options.Start ?? new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var outside = new Outside();
        var mine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Alerts:Keys:BootstrapAdminKey"] = AdminKey };
        if (options.SendGridFor is { } publicBase)
        {
            outside.SendGrid = await FakeSendGrid.StartAsync();
            mine.Overlay(outside.SendGrid.Settings(publicBase));
        }

        if (options.GitHub)
        {
            outside.GitHub = await FakeGitHub.StartAsync();
            mine["Alerts:GitHub:BaseUrl"] = outside.GitHub.Server.BaseUri.ToString();
            mine["Alerts:GitHub:Token"] = GitHubToken;
        }

        foreach (var (id, handler) in options.Sources ?? new Dictionary<string, Func<HttpContext, Task>>())
        {
            outside.Sources[id] = await LocalServer.StartAsync(handler);
            mine[$"Alerts:Sources:{id}:BaseUrl"] = outside.Sources[id].BaseUri.ToString().TrimEnd('/');
        }

        mine.Overlay(options.Settings);

        try
        {
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
            return new TestWorld(services, server, clock, logs!, resolver, outside);
        }
        catch
        {
            await outside.DisposeAsync(); // a host that does not start (a test of start-up checks) leaves no server behind
            throw;
        }
    }

    public HttpClient Client(string? key = null) => Server.Client(key);

    public Task<CreatedApiKey> CreateKeyAsync(string role, string name = "test key", string? team = null, DateTimeOffset? expiresAt = null) =>
        Services.Get<ApiKeyStore>().CreateAsync(new NewApiKey(name, role, team, expiresAt));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
        await _outside.DisposeAsync();
    }
}
