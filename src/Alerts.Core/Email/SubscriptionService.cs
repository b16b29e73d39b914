namespace Alerts.Core.Email;

/// <summary>Double opt-in, preferences, unsubscribe and erasure. Nothing but the confirmation is sent before a subscriber confirms.</summary>
public sealed partial class SubscriptionService(
    IOptions<SendGridOptions> options,
    SubscriberStore store,
    SubscriberTokens tokens,
    EmailRenderer renderer,
    EmailSender sender,
    DigestService digests,
    IEnumerable<ISubscriberData> held,
    TimeProvider time,
    ILogger<SubscriptionService> logger)
{
    /// <summary>At most one confirmation (or reminder) per address in this time, so the endpoint cannot be used to flood a mailbox.</summary>
    public static readonly TimeSpan MailThrottle = TimeSpan.FromMinutes(5);

    private TimeSpan ConfirmFor => TimeSpan.FromHours(options.Value.ConfirmationHours);

    private TimeSpan ManageFor => TimeSpan.FromDays(options.Value.ManageLinkDays);

    /// <summary>
    /// Records a sign-up and sends a confirmation (or, to an address that is already active, a link to its preferences). The caller
    /// answers the same whatever happened here. False only when SendGrid could not take the e-mail.
    /// </summary>
    public async Task<bool> SubscribeAsync(string email, SubscriptionPreferences preferences, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var existing = await store.FindByEmailAsync(email, cancellationToken);
        if (existing is not null && existing.LastMailAt is { } last && now - last < MailThrottle)
        {
            return true;
        }

        if (existing is { State: SubscriberState.Active })
        {
            await store.UpdateAsync(existing with { LastMailAt = now }, cancellationToken);
            return await SendOneAsync(existing.Email, renderer.AlreadySubscribed(renderer.PreferencesLink(tokens.Manage(existing.Id, ManageFor))), "subscription-reminder", cancellationToken);
        }

        var subscriber = existing ?? new Subscriber { Id = SubscriberStore.NewId(), Email = email, CreatedAt = now };
        var (token, hash) = tokens.NewConfirmation(subscriber.Id);
        subscriber = subscriber with
        {
            State = SubscriberState.Pending,
            Preferences = preferences,
            ConfirmHash = hash,
            ConfirmExpiresAt = now + ConfirmFor,
            LastMailAt = now,
            StateChangedAt = now,
            StateReason = "signed up",
        };
        if (existing is null)
        {
            if (!await store.TryAddAsync(subscriber, cancellationToken))
            {
                return true; // a concurrent sign-up of the same address won; it sends the confirmation
            }
        }
        else
        {
            await store.UpdateAsync(subscriber, cancellationToken);
        }

        return await SendOneAsync(email, renderer.Confirmation(renderer.ConfirmLink(token), ConfirmFor), "subscription-confirmation", cancellationToken);
    }

    /// <summary>Confirms with the token from the e-mail; returns a preferences token for the page, or null for an invalid, used or expired token.</summary>
    public async Task<string?> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (SubscriberTokens.ConfirmationSubscriber(token) is not { } id || await store.GetAsync(id, cancellationToken) is not { } s)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (s.State != SubscriberState.Pending || !SubscriberTokens.HashMatches(token!, s.ConfirmHash) || s.ConfirmExpiresAt < now)
        {
            return null;
        }

        s = s with { State = SubscriberState.Active, ConfirmedAt = now, ConfirmHash = null, ConfirmExpiresAt = null, StateChangedAt = now, StateReason = "confirmed" };
        try
        {
            await store.UpdateAsync(s, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }

        if (s.Preferences.IsDigest)
        {
            await digests.StartCursorAsync(s, cancellationToken);
        }

        LogConfirmed(logger, s.Id);
        return tokens.Manage(s.Id, ManageFor);
    }

    /// <summary>The subscriber a manage token names (not erased); null otherwise.</summary>
    public async Task<Subscriber?> FromManageTokenAsync(string? token, CancellationToken cancellationToken = default) =>
        tokens.ReadManage(token) is { } id && await store.GetAsync(id, cancellationToken) is { } s && s.State != SubscriberState.Erased ? s : null;

    public async Task<TokenResult> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (await FromManageTokenAsync(token, cancellationToken) is not { } s)
        {
            return TokenResult.InvalidToken;
        }

        if (s.State != SubscriberState.Unsubscribed)
        {
            var now = time.GetUtcNow();
            await store.UpdateAsync(s with { State = SubscriberState.Unsubscribed, StateChangedAt = now, StateReason = "unsubscribed", ConfirmHash = null }, cancellationToken);
            LogUnsubscribed(logger, s.Id);
        }

        // Also when already unsubscribed: a retry after a crash in between still forgets what other features hold.
        await ForgetAsync(s.Id, cancellationToken);

        return TokenResult.Done;
    }

    public async Task<Subscriber?> UpdatePreferencesAsync(string? token, SubscriptionPreferences preferences, CancellationToken cancellationToken = default)
    {
        if (await FromManageTokenAsync(token, cancellationToken) is not { } s)
        {
            return null;
        }

        var updated = s with { Preferences = preferences };
        await store.UpdateAsync(updated, cancellationToken);
        if (updated.State == SubscriberState.Active && preferences.IsDigest && !s.Preferences.IsDigest)
        {
            await digests.StartCursorAsync(updated, cancellationToken);
        }

        return updated;
    }

    public async Task<TokenResult> EraseAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (await FromManageTokenAsync(token, cancellationToken) is not { } s)
        {
            return TokenResult.InvalidToken;
        }

        await ForgetAsync(s.Id, cancellationToken);
        await store.EraseAsync(s, time.GetUtcNow(), cancellationToken);
        LogErased(logger, s.Id);
        return TokenResult.Done;
    }

    /// <summary>Deletes what other features keep for the subscriber (their watchlists and matches).</summary>
    internal async Task ForgetAsync(string subscriberId, CancellationToken cancellationToken)
    {
        foreach (var h in held)
        {
            await h.ForgetAsync(subscriberId, cancellationToken);
        }
    }

    private async Task<bool> SendOneAsync(string email, EmailContent content, string category, CancellationToken cancellationToken)
    {
        var outcome = await sender.SendAsync(content, [new EmailRecipient(email, new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>())],
            [category], new Dictionary<string, string> { ["kind"] = category }, cancellationToken);
        return outcome.Status == SendStatus.Accepted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string subscriberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} unsubscribed")]
    private static partial void LogUnsubscribed(ILogger logger, string subscriberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {SubscriberId} erased on request")]
    private static partial void LogErased(ILogger logger, string subscriberId);
}
