namespace Alerts.Core.Storage;

/// <summary>
/// JSON for an enum kept as a word (<see cref="WireWords"/>): each member as its <see cref="JsonStringEnumMemberNameAttribute"/>
/// word; any other string and any number is a <see cref="JsonException"/> naming the path, never a default.
/// Built on <see cref="JsonStringEnumConverter{TEnum}"/> so that the OpenAPI document lists the words.
/// </summary>
public sealed class WireEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
