using Alerts.Core.Sources;

namespace Alerts.Core.Polling;

/// <summary>
/// What an operator's request about a source did: the source when <see cref="SourceAdminStatus.Done"/>; otherwise the
/// reason (<see cref="Error"/> for an invalid definition, <see cref="Known"/> ids for an unknown one), with nothing changed.
/// </summary>
public sealed record SourceAdminResult(SourceAdminStatus Status, string Id, SourceDefinition? Source = null, string? Error = null, IReadOnlyList<string>? Known = null)
{
    public bool Done => Status == SourceAdminStatus.Done;
}
