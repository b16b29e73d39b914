using Alerts.Core.Webhooks;

namespace Alerts.Core.GitHub;

/// <summary>A team's GitHub repository that receives issues for matching changes.</summary>
public sealed record GitHubTarget
{
    public required string Id { get; init; }
    public required string TeamId { get; init; }
    public required string Owner { get; init; }
    public required string Repository { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public TeamFilters Filters { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }
}
