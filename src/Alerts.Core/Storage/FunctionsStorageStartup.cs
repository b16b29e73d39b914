using Microsoft.Extensions.Hosting;

namespace Alerts.Core.Storage;

/// <summary>
/// Start-up step of the Functions app: refuses queue-trigger settings (<see cref="QueueBindings"/>) that name other queues
/// than the senders use, then creates every missing table, queue and container, so that <c>func start</c> against a fresh
/// Azurite works and a scaled-out app never listens on a queue nobody sends to.
/// </summary>
public sealed class FunctionsStorageStartup(AlertsStorage storage, IConfiguration configuration, IOptions<AlertsOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = QueueBindings.Check(configuration, options.Value.StoragePrefix);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The queue triggers would not read the queues the app sends to: " + string.Join(" ", errors));
        }

        await storage.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
