using Alerts.Core.Polling;

namespace Alerts.Tests.Sources;

/// <summary>One source under test after its baseline poll: a local server answering every request with <see cref="Body"/>
/// (which a test may change between polls) and the services that poll the source there.</summary>
internal sealed class ServedSource : IAsyncDisposable
{
    private ServedSource(LocalServer server, string body)
    {
        Server = server;
        Body = body;
    }

    public LocalServer Server { get; }

    public TestServices Services { get; private set; } = null!;

    public PollService Poller => Services.Get<PollService>();

    /// <summary>What the server answers with; read at each request.</summary>
    public string Body { get; set; }

    /// <summary>Starts a server answering <paramref name="body"/> through <paramref name="serve"/>, points
    /// <paramref name="sourceId"/> at it (with any further <paramref name="settings"/>) and polls the source once for its baseline.</summary>
    public static async Task<ServedSource> BaselinedAsync(
        string sourceId, string body, Func<Func<string>, Func<HttpContext, Task>> serve, IDictionary<string, string?>? settings = null)
    {
        var source = new ServedSource(await LocalServer.StartAsync(), body);
        source.Server.Handler = serve(() => source.Body);
        try
        {
            source.Services = await TestServices.CreateAsync(TestServices.PointAt(sourceId, source.Server.BaseUri, settings));
            await source.Poller.PollAsync(sourceId);
            return source;
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
