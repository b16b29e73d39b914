namespace Alerts.Core.Email;

/// <summary>
/// Data another feature keeps for a subscriber (the watchlists a subscriber owns, with their matches): forgotten when the
/// subscriber unsubscribes (by the page, one-click or SendGrid's unsubscribe event) or erases their data. Implemented by
/// the feature that keeps it, so Email needs to know nothing of it.
/// </summary>
public interface ISubscriberData
{
    Task ForgetAsync(string subscriberId, CancellationToken cancellationToken = default);
}
