using System.Reflection;

namespace Alerts.Core.Storage;

/// <summary>
/// The one map between an enum kept in code and the word that stands for it on the wire and in storage: each member's
/// <see cref="JsonStringEnumMemberNameAttribute"/>. JSON goes through <see cref="WireEnumConverter{TEnum}"/> (the same
/// words); code that writes the word anywhere else (a table column, CSV, a subject line, a label) or reads one from user
/// input (a query parameter, a filter) uses these methods.
/// </summary>
public static class WireWords
{
    /// <summary>The member's word, e.g. <c>"high"</c>.</summary>
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Map<TEnum>.ByValue.TryGetValue(value, out var word)
            ? word
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member {value}.");

    /// <summary>The member whose word is <paramref name="word"/> (exactly, or ignoring case when asked); false for any other text.</summary>
    public static bool TryParse<TEnum>(string? word, out TEnum value, bool ignoreCase = false) where TEnum : struct, Enum
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var (member, memberWord) in Map<TEnum>.Members)
        {
            if (string.Equals(memberWord, word, comparison))
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Every word, in the order of the members' values.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Map<TEnum>.Words;

    private static class Map<TEnum> where TEnum : struct, Enum
    {
        public static readonly (TEnum Value, string Word)[] Members = [.. typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((TEnum)f.GetValue(null)!, f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{f.Name} has no [JsonStringEnumMemberName].")))
            .OrderBy(m => m.Item1)];

        public static readonly Dictionary<TEnum, string> ByValue = Members.ToDictionary(m => m.Value, m => m.Word);

        public static readonly string[] Words = [.. Members.Select(m => m.Word)];
    }
}
