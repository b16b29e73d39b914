using Alerts.Core.Access;
using Alerts.Core.Email;
using Alerts.Core.Webhooks;

namespace Alerts.Server.Demo;

/// <summary>
/// What a newcomer would otherwise set up by hand, made through the service's own stores: an admin, an auditor and a team
/// key; a confirmed subscriber who wants every change at once; and the team's webhook endpoint at the world's receiver
/// (its URL checked by the SSRF guard like any other, which lets it through only because demo mode allows 127.0.0.1/32).
/// </summary>
public static class DemoSeeder
{
    public static async Task<DemoKeys> SeedAsync(IServiceProvider services, DemoWorld world, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(world);
        var keys = services.GetRequiredService<ApiKeyStore>();
        var admin = await keys.CreateAsync(new NewApiKey("demo admin", Roles.Admin), cancellationToken);
        var auditor = await keys.CreateAsync(new NewApiKey("demo auditor", Roles.Auditor), cancellationToken);
        var team = await keys.CreateAsync(new NewApiKey("demo team", Roles.Team, DemoSettings.TeamId), cancellationToken);

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await services.GetRequiredService<SubscriberStore>().TryAddAsync(
            new Subscriber
            {
                Id = SubscriberStore.NewId(),
                Email = DemoSettings.SubscriberEmail,
                State = SubscriberState.Active,
                Preferences = new SubscriptionPreferences(),
                CreatedAt = now,
                ConfirmedAt = now,
                StateChangedAt = now,
                StateReason = "confirmed (demo)",
            },
            cancellationToken);

        var decision = await services.GetRequiredService<SsrfGuard>().CheckUrlAsync(world.ReceiverUrl, cancellationToken);
        if (!decision.Allowed)
        {
            throw new InvalidOperationException($"The demo's webhook receiver is refused by the SSRF guard: {decision.Reason}");
        }

        world.Receiver.Secret = await services.GetRequiredService<WebhookStore>().CreateAsync(
            new WebhookEndpoint
            {
                Id = WebhookStore.NewId(),
                TeamId = DemoSettings.TeamId,
                Url = world.ReceiverUrl,
                Format = WebhookFormats.Standard,
                Description = "The demo's receiver (see /demo/webhooks)",
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        return new DemoKeys(admin.Secret, auditor.Secret, team.Secret);
    }
}
