using System.ComponentModel;
using System.Reflection;

namespace Alerts.Core;

/// <summary>
/// Binds an options class to its configuration section so that a setting of the wrong shape (text where a number or
/// true/false is read, a list where one value is read, one value where a group of settings is read) stops start-up with
/// one line naming the setting and the form expected: the same <see cref="OptionsValidationException"/> validation gives,
/// never the configuration binder's exception and stack trace. (The binder throws on text it cannot convert and silently
/// ignores a list or group where one value is read, so a setting like <c>Alerts__Webhooks__AllowedNetworks__0</c> would be
/// dropped without a word.)
/// </summary>
public static partial class SettingsBinding
{
    /// <summary>
    /// Options <typeparamref name="T"/> bound to <paramref name="sectionName"/> with <see cref="BindSettings{T}"/>, their
    /// data annotations validated at start-up: how every feature registers its settings.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where T : class =>
        services.AddOptions<T>().BindSettings(configuration, sectionName).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>Binds <typeparamref name="T"/> to <paramref name="sectionName"/>, checking the shape of every setting first.</summary>
    public static OptionsBuilder<T> BindSettings<T>(this OptionsBuilder<T> builder, IConfiguration configuration, string sectionName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(sectionName);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<T>>(new ConfigurationChangeTokenSource<T>(builder.Name, section));
        builder.Configure(options => Bind(section, options, sectionName));
        return builder;
    }

    /// <summary>Binds <paramref name="section"/> onto <paramref name="options"/>; a wrong shape throws <see cref="OptionsValidationException"/> naming the setting.</summary>
    public static void Bind<T>(IConfigurationSection section, T options, string sectionName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<string>();
        CheckProperties(typeof(T), section, problems);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(sectionName, typeof(T), problems);
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The checks above mirror the binder; should it still refuse a value, say which in one line.
            var path = BinderPath().Match(ex.Message) is { Success: true } m ? m.Groups["path"].Value : sectionName;
            throw new OptionsValidationException(sectionName, typeof(T), [$"{path} has a value of the wrong form ({(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")})."]);
        }
    }

    [GeneratedRegex("at '(?<path>[^']+)'")]
    private static partial Regex BinderPath();

    private static void CheckProperties(Type type, IConfigurationSection section, List<string> problems)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || (property.SetMethod?.IsPublic != true && DictionaryValueType(property.PropertyType) is null))
            {
                continue;
            }

            var child = section.GetSection(property.Name);
            if (child.Exists())
            {
                Check(property.PropertyType, child, problems);
            }
        }
    }

    private static void Check(Type type, IConfigurationSection section, List<string> problems)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        var t = nullable ?? type;
        if (IsScalar(t))
        {
            if (section.GetChildren().FirstOrDefault() is { } first)
            {
                problems.Add($"{section.Path} must be one value ({Expected(t)}), not a list or group of settings: set {section.Path} itself, not {first.Path}.");
            }
            else if (section.Value is { } value && t != typeof(string) && !(nullable is not null && value.Length == 0) && !Converts(t, value))
            {
                problems.Add($"{section.Path} must be {Expected(t)} (got '{value}').");
            }

            return;
        }

        if (section.Value is { Length: > 0 })
        {
            problems.Add($"{section.Path} is a group of settings, not one value: set its parts, like {section.Path}:<name>.");
            return;
        }

        if (DictionaryValueType(t) is { } valueType)
        {
            foreach (var entry in section.GetChildren())
            {
                Check(valueType, entry, problems);
            }

            return;
        }

        CheckProperties(t, section, problems);
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    private static bool IsScalar(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTimeOffset) || t == typeof(DateTime)
        || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(Guid);

    private static bool Converts(Type t, string value)
    {
        try
        {
            _ = TypeDescriptor.GetConverter(t).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type t) => t switch
    {
        _ when t == typeof(string) => "text",
        _ when t == typeof(bool) => "true or false",
        _ when t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong) => "a whole number",
        _ when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number, like 1.5",
        _ when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "a date and time, like 2027-01-31T00:00:00Z",
        _ when t == typeof(TimeSpan) => "a duration, like 00:30:00",
        _ when t.IsEnum => "one of " + string.Join(", ", Enum.GetNames(t)),
        _ => "a " + t.Name.ToLower(CultureInfo.InvariantCulture),
    };
}
