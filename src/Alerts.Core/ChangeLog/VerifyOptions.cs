namespace Alerts.Core.ChangeLog;

/// <summary>What to check besides the chain.</summary>
public sealed record VerifyOptions
{
    /// <summary>Check each change's evidence blob: present, and its SHA-256 equal to the recorded one.</summary>
    public bool Evidence { get; init; } = true;

    /// <summary>Published anchors the chain must agree with (null: not checked).</summary>
    public IReadOnlyList<Anchor>? Anchors { get; init; }

    /// <summary>
    /// The first sequence checked (1: the whole chain). Above 1 only the entries from here to the head are checked, linked
    /// to the stored hash of the entry before (taken as given): a bounded check of the newest entries.
    /// </summary>
    public long From { get; init; } = 1;
}
