namespace Alerts.Core.GitHub;

/// <summary>The teams' GitHub-issue targets (role team, scoped to the caller's team).</summary>
public static class GitHubRoutes
{
    public static readonly IReadOnlyList<ApiRoute> All =
    [
        ApiRoute.Post<GitHubTargetsApi>("github-targets", "CreateGitHubTarget", Roles.Team, "Registers a GitHub repository that receives issues for matching changes.",
            (api, c, ct) => api.CreateAsync(c, ct)) with
        {
            Body = typeof(GitHubTargetRequest),
            Ok = ApiResponse.Json("201", "The GitHub target.", ApiSchema.Of<GitHubTarget>()),
        },
        ApiRoute.Get<GitHubTargetsApi>("github-targets", "ListGitHubTargets", Roles.Team, "The team's GitHub targets.", (api, c, ct) => api.ListAsync(c, ct)) with
        {
            Ok = ApiResponse.Json("200", "The team's GitHub targets.", ApiSchema.Items(ApiSchema.Of<GitHubTarget>())),
        },
        ApiRoute.Delete<GitHubTargetsApi>("github-targets/{id}", "DeleteGitHubTarget", Roles.Team, "Deletes a GitHub target.",
            (api, c, ct) => api.DeleteAsync(c, ApiRoute.Value(c), ct)) with
        {
            Ok = ApiResponse.Json("200", "Deleted.", ApiSchema.Object(("id", ApiSchema.String()), ("deleted", ApiSchema.Boolean()))),
        },
    ];
}
