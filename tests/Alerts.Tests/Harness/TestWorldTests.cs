using Alerts.Core.Access;
using Alerts.Core.Polling;

namespace Alerts.Tests.Harness;

/// <summary>The one fixture holds what it promises: one container, one clock, everything outside on 127.0.0.1.</summary>
public sealed class TestWorldTests
{
    [Fact]
    public async Task The_tests_services_and_clock_are_the_servers_own()
    {
        await using var world = await TestWorld.StartAsync();
        Assert.Same(world.App.Services.GetRequiredService<ChangeLogStore>(), world.Get<ChangeLogStore>());
        var key = await world.CreateKeyAsync(Roles.Auditor, expiresAt: world.Clock.GetUtcNow().AddHours(1));
        await Seed.AppendManyAsync(world.Services, 2);

        var listed = await world.Api.CallAsync("ListChanges", key.Secret);
        Assert.Equal(200, listed.Status);
        Assert.Equal(2, listed.Json.GetProperty("items").GetArrayLength());

        world.Clock.Advance(TimeSpan.FromHours(2)); // the server's key check runs on the test's clock
        Assert.Equal(401, (await world.Api.CallAsync("ListChanges", key.Secret)).Status);
    }

    [Fact]
    public async Task Every_outside_service_of_the_world_is_played_on_127_0_0_1_and_reached_through_the_service()
    {
        await using var world = await TestWorld.StartAsync(new WorldOptions
        {
            SendGridFor = "https://alerts.example.org",
            GitHub = true,
            Sources = new Dictionary<string, Func<HttpContext, Task>> { ["federal-register"] = FederalRegisterServer.Documents },
        });
        var urls = world.Services.Settings.Where(kv => kv.Key.EndsWith("BaseUrl", StringComparison.OrdinalIgnoreCase) && kv.Key != "Alerts:PublicBaseUrl").ToList();

        var polled = await world.Get<PollService>().PollAsync("federal-register");

        Assert.Equal(world.SendGrid.Server.BaseUri.ToString().TrimEnd('/'), world.Services.Settings["Alerts:SendGrid:BaseUrl"]);
        Assert.Equal(world.GitHub.Server.BaseUri.ToString(), world.Services.Settings["Alerts:GitHub:BaseUrl"]);
        Assert.True(polled.Ok, polled.Error);
        Assert.NotEmpty(world.Source("federal-register").Requests);
        Assert.All(urls, kv => Assert.Equal("127.0.0.1", new Uri(kv.Value!).Host));
    }
}
