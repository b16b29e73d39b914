using System.Reflection;
using Alerts.Core.Api;
using Alerts.Functions;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Tests.Official;

public sealed class SourceRoutesTests
{
    [Theory]
    [InlineData("ListSources")]
    [InlineData("PollSource")]
    public void The_Functions_app_serves_each_source_route_with_the_same_name_method_and_route(string name)
    {
        var route = ApiRoutes.All.Single(r => r.Name == name);
        var method = typeof(HttpFunctions).GetMethods().Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name);
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal(route.Route, trigger.Route);
        Assert.Equal([route.Method.ToLowerInvariant()], trigger.Methods ?? []);
        Assert.Equal(Roles.Admin, route.Role);
    }
}
