using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Alerts.Server.Demo;

/// <summary>
/// The demo's outside world, one small Kestrel app on 127.0.0.1 (a free port): the replay of the sources
/// (<see cref="DemoReplay"/>), SendGrid (<see cref="DemoMailbox"/>) and a team's webhook receiver
/// (<see cref="DemoWebhookReceiver"/>). Their paths do not overlap, so the service's settings point every outside address
/// of the demo at this one origin.
/// </summary>
public sealed class DemoWorld : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoWorld(WebApplication app, DemoReplay replay, DemoMailbox mailbox, DemoWebhookReceiver receiver)
    {
        _app = app;
        Replay = replay;
        Mailbox = mailbox;
        Receiver = receiver;
    }

    /// <summary>The origin, like http://127.0.0.1:40123 (no trailing slash).</summary>
    public string Origin { get; private set; } = "";

    public DemoReplay Replay { get; }

    public DemoMailbox Mailbox { get; }

    public DemoWebhookReceiver Receiver { get; }

    /// <summary>Where the demo's webhook endpoint points.</summary>
    public string ReceiverUrl => Origin + DemoWebhookReceiver.ReceivePath;

    /// <summary>Starts the world; <paramref name="mailFolder"/> receives the .eml files, <paramref name="sendGridKey"/> is the API key SendGrid accepts.</summary>
    public static async Task<DemoWorld> StartAsync(string replayFolder, string mailFolder, string sendGridKey, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var replay = new DemoReplay(replayFolder);
        var mailbox = new DemoMailbox(mailFolder, sendGridKey, time);
        var receiver = new DemoWebhookReceiver(time);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 11 * 1024 * 1024);
        var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path;
            if (replay.Handles(path))
            {
                return replay.HandleAsync(context);
            }

            if (path == DemoMailbox.SendPath)
            {
                return mailbox.HandleAsync(context);
            }

            if (path == DemoWebhookReceiver.ReceivePath)
            {
                return receiver.HandleAsync(context);
            }

            // Any other request (a source the demo does not replay, GitHub) finds nothing: it stays on this machine.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoWorld(app, replay, mailbox, receiver) { Origin = new Uri(address).GetLeftPart(UriPartial.Authority) };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
