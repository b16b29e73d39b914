using System.Reflection;
using Alerts.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Tests.Email;

public sealed class HostParityTests
{
    private static readonly string[] EmailRoutes =
        ["Subscribe", "DeleteSubscription", "ConfirmSubscription", "UnsubscribePage", "Unsubscribe", "DeleteSubscriptionForm", "GetPreferences", "UpdatePreferences", "SendGridEvents"];

    [Fact]
    public void Every_email_route_is_public_and_the_functions_trigger_routes_its_path_to_it()
    {
        var table = new ApiRouteTable(ApiRoutes.All);
        foreach (var name in EmailRoutes)
        {
            var route = ApiRoutes.All.Single(r => r.Name == name);
            Assert.Same(route, table.Match(route.Method, route.Route).Route);
            Assert.Null(route.Role);
        }
    }

    [Fact]
    public void The_digest_job_runs_hourly_in_both_hosts()
    {
        var timer = typeof(JobFunctions).GetMethod(nameof(Schedules.Digests))!;
        var trigger = timer.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal(nameof(Schedules.Digests), timer.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(Schedules.Digests.Cron, trigger.Schedule);
        Assert.Equal(TimeSpan.FromHours(1), Schedules.Digests.Period);
        Assert.Contains(Schedules.Digests, Schedules.All);
    }
}
