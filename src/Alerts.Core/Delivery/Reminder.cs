namespace Alerts.Core.Delivery;

/// <summary>
/// A reminder of a date of a recorded change (its effective date or comment deadline, some days ahead). Its id
/// (<c>rem_...</c>) is deterministic in the document, kind, date and days before, and stands for the change in dispatch and
/// delivery: every target kind matches and delivers it as it does a change, idempotently by that id.
/// </summary>
public sealed record Reminder
{
    public required string Id { get; init; }
    /// <summary>The change whose date it is (the document's current change when the reminder was created).</summary>
    public required string ChangeId { get; init; }
    /// <summary>effective, comments, ...</summary>
    public required string Kind { get; init; }
    /// <summary>How the kind reads ("effective date").</summary>
    public required string Label { get; init; }
    public required DateOnly Date { get; init; }
    /// <summary>The configured number of days before the date this reminder is for.</summary>
    public int DaysBefore { get; init; }
    /// <summary>Days from the day it was created to the date (fewer than <see cref="DaysBefore"/> when the date became known late).</summary>
    public int DaysLeft { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }

    public const string Prefix = "rem_";

    /// <summary>The id of the reminder of the date <paramref name="dateKey"/> (a stable key of document, kind and date) <paramref name="daysBefore"/> days ahead.</summary>
    public static string IdOf(string dateKey, int daysBefore) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dateKey + "\n" + daysBefore.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16));

    public static bool IsId(string id) => id.StartsWith(Prefix, StringComparison.Ordinal);
}
