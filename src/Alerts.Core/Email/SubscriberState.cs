namespace Alerts.Core.Email;

/// <summary>
/// The states of a <see cref="Subscriber"/>, stored (the <c>subscribers</c> table's State column) and sent as their words
/// (pending, active, unsubscribed, deactivated, erased).
/// </summary>
[JsonConverter(typeof(WireEnumConverter<SubscriberState>))]
public enum SubscriberState
{
    /// <summary>Signed up; the confirmation link was not used yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Confirmed: gets mail.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Unsubscribed (the link in a mail, or SendGrid's unsubscribe events).</summary>
    [JsonStringEnumMemberName("unsubscribed")]
    Unsubscribed,

    /// <summary>Bounced, dropped or reported as spam: no more mail until the address subscribes and confirms again.</summary>
    [JsonStringEnumMemberName("deactivated")]
    Deactivated,

    /// <summary>The subscriber asked for their data to be deleted: only this tombstone with the random id is left.</summary>
    [JsonStringEnumMemberName("erased")]
    Erased,
}
