namespace Alerts.Core.ChangeLog;

/// <summary>What happened to an item. Stored and sent as its word (added, modified, removed); the order is that of the words.</summary>
[JsonConverter(typeof(WireEnumConverter<ChangeType>))]
public enum ChangeType
{
    [JsonStringEnumMemberName("added")]
    Added,

    [JsonStringEnumMemberName("modified")]
    Modified,

    [JsonStringEnumMemberName("removed")]
    Removed,
}
