using System.Net.Http.Headers;
using Alerts.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Alerts.Tests.Harness;

/// <summary>
/// The self-host (<see cref="ServerApp"/>, without its scheduler and queue pump) on Kestrel at 127.0.0.1 on a free port,
/// with HTTP clients for it. Disposing stops the server and disposes the clients.
/// </summary>
public sealed class SelfHost : IAsyncDisposable
{
    private readonly ConcurrentBag<HttpClient> _clients = [];

    private SelfHost(WebApplication app, Uri baseUri)
    {
        App = app;
        BaseUri = baseUri;
    }

    public WebApplication App { get; }

    /// <summary>The server's address, ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// Builds and starts the self-host with <paramref name="settings"/> (null values left out) as configuration;
    /// <paramref name="args"/> are added to the command line.
    /// </summary>
    public static async Task<SelfHost> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configure = null, params string[] args)
    {
        var commandLine = new List<string> { "--urls", "http://127.0.0.1:0" };
        commandLine.AddRange(settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}"));
        commandLine.AddRange(args);
        var app = ServerApp.Build([.. commandLine], configure, runJobs: false);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SelfHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>
    /// A client for the server, sending <c>Authorization: Bearer <paramref name="key"/></c> when a key is given; a redirect
    /// is followed, as a browser would, unless <paramref name="followRedirects"/> is false.
    /// </summary>
    public HttpClient Client(string? key = null, bool followRedirects = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = BaseUri };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
