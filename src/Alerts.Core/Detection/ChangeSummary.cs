using Alerts.Core.ChangeLog;

namespace Alerts.Core.Detection;

/// <summary>
/// One line saying what changed, written from the structured diff by kind of document, for e-mails, webhooks and the
/// API: "Entity List: added Huawei Cloud (CN), citing 90 FR 1234", "HTS 8542.31.00: general rate Free -> 25%",
/// "15 CFR 744.23 amended (substantive)", "Final rule: ...".
/// </summary>
public static class ChangeSummary
{
    public const int MaxLength = 300;

    private static readonly (string Field, string Label)[] RateFields =
    [
        ("general", "general rate"), ("special", "special rate"), ("other", "column 2 rate"), ("additional_duties", "additional duties"),
    ];

    public static string Write(ClassificationInput input)
    {
        var line = (input.DocumentType ?? "") switch
        {
            "Entity List Entry" => EntityList(input),
            "Tariff Line" => TariffLine(input),
            "CFR Section" => CfrSection(input),
            "Rule" or "Proposed Rule" or "Notice" or "Presidential Document" => FederalRegister(input),
            "Press Release" or "News" or "Announcement" => Published(input, input.DocumentType!),
            _ => Generic(input),
        };
        line = Normalize.Text(line);
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }

    /// <summary>
    /// One line for several Entity List changes of one story (one Federal Register notice):
    /// "Entity List: 3 entries added (A, B, C), citing 90 FR 1234".
    /// </summary>
    public static string EntityListBatch(IReadOnlyList<ChangeRecord> changes)
    {
        if (changes.Count == 1 && changes[0].Summary is { Length: > 0 } one)
        {
            return one;
        }

        var parts = new List<string>();
        foreach (var group in changes.GroupBy(c => c.ChangeType).OrderBy(g => g.Key)) // added, modified, removed: the words' order too
        {
            var names = group.Select(c => c.Title).Distinct(StringComparer.Ordinal).ToList();
            var shown = names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";
            var verb = group.Key switch { ChangeType.Added => "added", ChangeType.Removed => "removed", _ => "revised" };
            parts.Add($"{names.Count} {(names.Count == 1 ? "entry" : "entries")} {verb} ({shown})");
        }

        var notices = changes.SelectMany(c => c.References).Where(r => r.StartsWith("CITATION:", StringComparison.Ordinal))
            .Select(r => r["CITATION:".Length..]).Distinct(StringComparer.Ordinal).ToList();
        var citing = notices.Count > 0 ? ", citing " + string.Join(", ", notices) : "";
        var line = "Entity List: " + string.Join("; ", parts) + citing;
        return line.Length <= MaxLength ? line : line[..(MaxLength - 1)] + "…";
    }

    private static string F(ClassificationInput input, string key) => input.Fields.TryGetValue(key, out var v) ? (v ?? "").Trim() : "";

    private static string ListName(string list) => list.ToUpperInvariant() switch
    {
        "" or "EL" or "ENTITY LIST" => "Entity List",
        "MEU" or "MILITARY END USER" => "Military End-User List",
        "UVL" or "UNVERIFIED LIST" => "Unverified List",
        _ => list,
    };

    private static string EntityList(ClassificationInput input)
    {
        var list = ListName(F(input, "list"));
        var name = F(input, "name") is { Length: > 0 } n ? n : input.Title;
        var countries = F(input, "countries");
        var who = countries.Length > 0 ? $"{name} ({countries.Replace("; ", ", ", StringComparison.Ordinal)})" : name;
        var notice = Normalize.Text(F(input, "federal_register_notice"));
        var citing = notice.Length > 0 ? $", citing {notice}" : "";
        return input.ChangeType switch
        {
            ChangeType.Added => $"{list}: added {who}{citing}",
            ChangeType.Removed => $"{list}: removed {who}",
            _ => $"{list}: {who} revised ({FieldsChanged(input)}){citing}",
        };
    }

    private static string TariffLine(ClassificationInput input)
    {
        var code = input.ItemKey is { Length: > 0 } k ? k : F(input, "htsno") is { Length: > 0 } h ? h : input.Title;
        var description = F(input, "description");
        switch (input.ChangeType)
        {
            case ChangeType.Added:
                return $"HTS {code} added: {description} (general rate {Show(F(input, "general"))})";
            case ChangeType.Removed:
                return $"HTS {code} removed: {description}";
        }

        var parts = new List<string>();
        foreach (var (field, label) in RateFields)
        {
            if (input.Diff.FirstOrDefault(d => d.Field == field) is { } d)
            {
                parts.Add($"{label} {Show(d.Before)} -> {Show(d.After)}");
            }
        }

        var others = input.Diff.Where(d => RateFields.All(r => r.Field != d.Field)).Select(d => d.Field).ToList();
        if (others.Count > 0)
        {
            parts.Add(string.Join(", ", others) + " changed");
        }

        return $"HTS {code}: {(parts.Count > 0 ? string.Join("; ", parts) : "changed")}";
    }

    private static string Show(string? rate) => string.IsNullOrWhiteSpace(rate) ? "(none)" : Normalize.Text(rate);

    private static string CfrSection(ClassificationInput input)
    {
        var id = input.ItemKey is { Length: > 0 } k ? k
            : input.References?.FirstOrDefault(r => r.StartsWith("CFR:", StringComparison.Ordinal)) is { } r ? r["CFR:".Length..].Replace("15 CFR ", "", StringComparison.Ordinal)
            : input.Title;
        var cite = id.Contains("CFR", StringComparison.Ordinal) ? id : $"15 CFR {id}";
        var name = F(input, "name");
        var substantive = F(input, "substantive") is "false" or "False" ? "editorial" : "substantive";
        var date = F(input, "amendment_date");
        var when = date.Length > 0 ? $", amendment date {date}" : "";
        if (input.ChangeType == ChangeType.Removed || F(input, "removed") is "true" or "True")
        {
            return $"{cite} removed{when}";
        }

        return input.ChangeType == ChangeType.Added
            ? $"{cite} added: {name}{when}"
            : $"{cite} amended ({substantive}){when}";
    }

    private static string FederalRegister(ClassificationInput input)
    {
        var type = input.DocumentType!;
        var action = F(input, "action");
        var label = action.Contains("interim final rule", StringComparison.OrdinalIgnoreCase) ? "Interim final rule"
            : type switch
            {
                "Rule" => "Final rule",
                "Proposed Rule" => "Proposed rule",
                "Presidential Document" => "Presidential document",
                _ => "Notice",
            };
        var correctionOf = F(input, "correction_of");
        if (correctionOf.Length > 0 || action.StartsWith("correction", StringComparison.OrdinalIgnoreCase))
        {
            label = correctionOf.Length > 0 ? $"Correction of FR {correctionOf}" : "Correction";
        }

        var citation = F(input, "citation");
        var cite = citation.Length > 0 ? $" ({citation})" : "";
        if (F(input, "stage") is "public-inspection" or "public_inspection")
        {
            label = "On public inspection: " + label.ToLowerInvariant();
        }

        return input.ChangeType switch
        {
            ChangeType.Modified => $"{label} updated ({FieldsChanged(input)}): {input.Title}{cite}",
            ChangeType.Removed => $"{label} withdrawn: {input.Title}",
            _ => $"{label}: {input.Title}{cite}",
        };
    }

    private static string Published(ClassificationInput input, string type) => input.ChangeType switch
    {
        ChangeType.Modified => $"{type} changed ({FieldsChanged(input)}): {input.Title}",
        ChangeType.Removed => $"{type} removed: {input.Title}",
        _ => $"{type}: {input.Title}",
    };

    private static string Generic(ClassificationInput input) => input.ChangeType switch
    {
        ChangeType.Added => $"New: {input.Title}",
        ChangeType.Removed => $"Removed: {input.Title}",
        _ => $"Changed: {input.Title} ({FieldsChanged(input)})",
    };

    private static string FieldsChanged(ClassificationInput input) =>
        input.Diff.Count == 0 ? "no field" : string.Join(", ", input.Diff.Select(d => d.Field).Take(6)) + (input.Diff.Count > 6 ? ", ..." : "");
}
