namespace Alerts.Core.ChangeLog;

/// <summary>
/// How much a change matters. Stored and sent as its word (info, low, medium, high, critical). The values rise with the
/// severity, so <c>change.Severity &gt;= minimum</c> is the minimum-severity filter (subscriptions, team targets), and the
/// classifier's "at most low" is <c>Math.Min</c>-like.
/// </summary>
[JsonConverter(typeof(WireEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("info")]
    Info,

    [JsonStringEnumMemberName("low")]
    Low,

    [JsonStringEnumMemberName("medium")]
    Medium,

    [JsonStringEnumMemberName("high")]
    High,

    [JsonStringEnumMemberName("critical")]
    Critical,
}
