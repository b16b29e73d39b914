using System.ComponentModel.DataAnnotations;

namespace Alerts.Core.Deadlines;

/// <summary>Settings under <c>Alerts:Deadlines</c>.</summary>
public sealed class DeadlineOptions : IValidatableObject
{
    public const string SectionName = "Alerts:Deadlines";

    /// <summary>
    /// How many days before an effective date or comment deadline a reminder goes out, comma separated ("7,1" by default;
    /// empty: no reminders). Each 0 to 365, at most 10 values.
    /// </summary>
    public string? ReminderDays { get; set; } = "7,1";

    /// <summary>Kinds of date reminded of, comma separated: effective, comments, compliance ("effective,comments" by default).</summary>
    public string? ReminderKinds { get; set; } = "effective,comments";

    /// <summary>Days ahead a calendar feed and the upcoming list show by default (90).</summary>
    [Range(1, 731)]
    public int UpcomingDays { get; set; } = 90;

    /// <summary>The parsed <see cref="ReminderDays"/>, largest first.</summary>
    public IReadOnlyList<int> ParsedReminderDays() =>
        [.. Split(ReminderDays).Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).Distinct().OrderDescending()];

    /// <summary>The parsed <see cref="ReminderKinds"/>.</summary>
    public IReadOnlyList<string> ParsedReminderKinds() => [.. Split(ReminderKinds).Select(s => s.ToLowerInvariant()).Distinct()];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var days = Split(ReminderDays);
        if (days.Length > 10 || days.Any(d => !int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 365))
        {
            yield return new ValidationResult(
                $"Alerts:Deadlines:ReminderDays must be at most 10 whole numbers of days from 0 to 365, comma separated (e.g. \"7,1\"); got \"{ReminderDays}\".",
                [nameof(ReminderDays)]);
        }

        if (Split(ReminderKinds).FirstOrDefault(k => !DeadlineKinds.All.Contains(k.ToLowerInvariant())) is { } bad)
        {
            yield return new ValidationResult(
                $"Alerts:Deadlines:ReminderKinds: '{bad}' is not a kind of date; use {string.Join(", ", DeadlineKinds.All)}.", [nameof(ReminderKinds)]);
        }
    }

    private static string[] Split(string? value) => (value ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
