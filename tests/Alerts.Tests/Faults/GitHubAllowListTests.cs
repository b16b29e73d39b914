using System.ComponentModel.DataAnnotations;
using Alerts.Core.Delivery;
using Alerts.Core.GitHub;
using Alerts.Tests.Webhooks;

namespace Alerts.Tests.Faults;

/// <summary>Issue 12, item 6: GitHub targets only in repositories an administrator allowed (the service's token is not every team's).</summary>
public sealed class GitHubAllowListTests
{
    [Fact]
    public async Task Only_allowed_repositories_can_be_targets_and_a_refusal_names_the_setting_and_stores_nothing()
    {
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?> { ["Alerts:GitHub:AllowedRepositories"] = "acme/compliance, trade-team/*" });

        Assert.Equal(201, (await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "acme/compliance" })).Status);
        Assert.Equal(201, (await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "Trade-Team/alerts" })).Status);
        foreach (var refused in new[] { "acme/other", "evil/compliance", "acme/compliance-fork" })
        {
            var r = await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = refused });
            Assert.Equal(403, r.Status);
            Assert.EndsWith("/github-repository-not-allowed", r.Json.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Contains("Alerts:GitHub:AllowedRepositories", r.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await kit.Api.CallAsync("ListGitHubTargets", kit.Keys.TeamA)).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task With_no_repository_allowed_no_target_can_be_added()
    {
        await using var kit = await Kit.CreateAsync(settings: new Dictionary<string, string?> { ["Alerts:GitHub:AllowedRepositories"] = null });

        Assert.Equal(403, (await kit.Api.CallAsync("CreateGitHubTarget", kit.Keys.TeamA, new { repository = "acme/compliance" })).Status);
    }

    [Fact]
    public async Task A_target_whose_repository_is_no_longer_allowed_gets_a_dead_delivery_and_no_issue()
    {
        await using var kit = await Kit.CreateAsync(github: true, settings: new Dictionary<string, string?>
        {
            ["Alerts:GitHub:AllowedRepositories"] = "acme/compliance",
        });
        var github = kit.World.GitHub;
        // Registered while the administrator still allowed it.
        var target = new GitHubTarget { Id = GitHubTargetStore.NewId(), TeamId = "team-a", Owner = "acme", Repository = "retired", CreatedAt = kit.Clock.GetUtcNow() };
        await kit.Get<GitHubTargetStore>().AddAsync(target);
        var change = await kit.ChangeAsync();

        await kit.DispatchAsync(change);
        await kit.DrainDeliverQueueAsync();

        var delivery = await kit.Get<DeliveryLedger>().GetAsync(change.Id, GitHubChannel.Name, target.Id);
        Assert.Equal(DeliveryStatus.Dead, delivery!.Status);
        Assert.Contains("acme/retired is no longer allowed (setting Alerts:GitHub:AllowedRepositories)", delivery.LastError, StringComparison.Ordinal);
        Assert.Empty(github.Issues);
    }

    [Theory]
    [InlineData("acme", false)]
    [InlineData("acme/compliance, */x", false)]
    [InlineData("acme/compliance,acme/*, *", true)]
    public void The_setting_is_checked_at_start_and_a_wrong_entry_is_named(string value, bool valid)
    {
        var options = new GitHubOptions { AllowedRepositories = value };
        var results = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.All(results, r => Assert.StartsWith("Alerts:GitHub:AllowedRepositories holds '", r.ErrorMessage, StringComparison.Ordinal));
    }
}
