using System.Reflection;
using Alerts.Server.Cli;
using Microsoft.Extensions.Hosting;

namespace Alerts.Tests.Hosts;

/// <summary>A setting of the wrong shape stops start-up with one line naming it and the form expected, never a binder stack trace.</summary>
public sealed class SettingShapeTests
{
    /// <summary>Every options class of Core: the classes with a <c>SectionName</c> constant.</summary>
    private static IEnumerable<Type> OptionsTypes() => typeof(AlertsOptions).Assembly.GetTypes()
        .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    /// <summary>For every settable property of every options class (and of each source's overrides): a value of the wrong shape.</summary>
    public static TheoryData<string, string, string, string> WrongShapes()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var type in OptionsTypes())
        {
            foreach (var (key, value, named) in WrongShapesFor(type, (string)type.GetField("SectionName")!.GetRawConstantValue()!))
            {
                data.Add(type.Name, key, value, named);
            }
        }

        return data;
    }

    private static IEnumerable<(string Key, string Value, string Named)> WrongShapesFor(Type type, string path)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = path + ":" + p.Name;
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (t == typeof(string))
            {
                yield return (key + ":0", "10.0.0.0/8", key); // a list where one value is read
            }
            else if (t == typeof(bool))
            {
                yield return (key, "yes please", key);
            }
            else if (t.IsPrimitive || t == typeof(decimal))
            {
                yield return (key, "abc", key);
            }
            else if (t == typeof(DateTimeOffset))
            {
                yield return (key, "next tuesday", key);
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                yield return (key, "one value where a group is read", key);
                var valueType = t.GetGenericArguments()[1];
                if (valueType == typeof(string))
                {
                    yield return (key + ":url:0", "x", key + ":url");
                }
                else
                {
                    yield return (key + ":federal-register", "one value where a group is read", key + ":federal-register");
                    foreach (var inner in WrongShapesFor(valueType, key + ":federal-register"))
                    {
                        yield return inner;
                    }
                }
            }
            else
            {
                throw new InvalidOperationException($"{type.Name}.{p.Name}: teach this test a wrong shape for {t.Name}.");
            }
        }
    }

    [Fact]
    public void Every_options_class_is_covered()
    {
        var names = WrongShapes().Select(row => (string)row[0]).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(OptionsTypes().Select(t => t.Name).Order(StringComparer.Ordinal), names);
        Assert.Contains("AlertsOptions", names);
        Assert.True(WrongShapes().Count > 40, $"only {WrongShapes().Count} cases");
    }

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public void A_setting_of_the_wrong_shape_stops_start_up_with_one_line_naming_it(string optionsType, string key, string value, string named)
    {
        var type = OptionsTypes().Single(t => t.Name == optionsType);
        using var provider = CoreHost.Build(Environments.Development, new Dictionary<string, string?> { [key] = value });
        var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));

        var ex = Assert.Throws<TargetInvocationException>(() => options.GetType().GetProperty("Value")!.GetValue(options));

        var failure = Assert.Single(Assert.IsType<OptionsValidationException>(ex.InnerException).Failures);
        Assert.StartsWith(named + " ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure);
    }

    [Theory]
    [InlineData("Alerts:Webhooks:AllowedNetworks:0", "10.0.0.0/8", "Alerts:Webhooks:AllowedNetworks")]
    [InlineData("Alerts:Sources:x:IntervalMinutes", "abc", "Alerts:Sources:x:IntervalMinutes")]
    [InlineData("Alerts:SendGrid:Enabled", "yes", "Alerts:SendGrid:Enabled")]
    [InlineData("Alerts:Webhooks:TimeoutSeconds", "15s", "Alerts:Webhooks:TimeoutSeconds")]
    public async Task The_cli_reports_a_setting_of_the_wrong_shape_in_one_line(string key, string value, string named)
    {
        using var stderr = new StringWriter();

        var code = await AlertsCli.RunAsync(["sources"], new StringWriter(), stderr, settings: new Dictionary<string, string?> { [key] = value });

        Assert.Equal(AlertsCli.Usage, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("alerts: configuration error: " + named + " ", line, StringComparison.Ordinal);
    }
}
