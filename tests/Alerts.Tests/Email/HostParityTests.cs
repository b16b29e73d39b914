using System.Reflection;
using Alerts.Core;
using Alerts.Core.Api;
using Alerts.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Tests.Email;

public sealed class HostParityTests
{
    private static readonly string[] EmailRoutes =
        ["Subscribe", "DeleteSubscription", "ConfirmSubscription", "UnsubscribePage", "Unsubscribe", "DeleteSubscriptionForm", "GetPreferences", "UpdatePreferences", "SendGridEvents"];

    [Fact]
    public void Every_email_route_has_a_Functions_trigger_with_the_same_name_method_and_route()
    {
        var triggers = typeof(HttpFunctions).GetMethods()
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(t => t.Function is not null && t.Trigger is not null)
            .ToDictionary(t => t.Function!.Name, t => (Methods: t.Trigger!.Methods ?? [], t.Trigger.Route));

        foreach (var name in EmailRoutes)
        {
            var route = ApiRoutes.All.Single(r => r.Name == name);
            Assert.True(triggers.TryGetValue(name, out var trigger), $"no Functions trigger {name}");
            Assert.Equal(route.Route, trigger.Route);
            Assert.Equal([route.Method.ToLowerInvariant()], trigger.Methods.Select(m => m.ToLowerInvariant()));
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
