namespace Alerts.Server.Demo;

/// <summary>A running demo: the self-host with its jobs, the world it talks to, the keys it made and the guide to print.</summary>
public sealed class DemoSession(WebApplication app, DemoWorld world, DemoKeys keys, string guide) : IAsyncDisposable
{
    public WebApplication App => app;

    public DemoWorld World => world;

    public DemoKeys Keys => keys;

    public string Guide => guide;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await world.DisposeAsync();
    }
}
