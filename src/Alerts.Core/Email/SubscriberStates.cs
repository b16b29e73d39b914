namespace Alerts.Core.Email;

/// <summary>Subscriber states.</summary>
public static class SubscriberStates
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Unsubscribed = "unsubscribed";
    /// <summary>Bounced, dropped or reported as spam: no more mail until the address subscribes and confirms again.</summary>
    public const string Deactivated = "deactivated";
    /// <summary>The subscriber asked for their data to be deleted: only this tombstone with the random id is left.</summary>
    public const string Erased = "erased";

    public static readonly string[] All = [Pending, Active, Unsubscribed, Deactivated, Erased];
}
