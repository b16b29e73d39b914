namespace Alerts.Core.Deadlines;

/// <summary>The kinds of date kept with a change.</summary>
public static class DeadlineKinds
{
    /// <summary>The date the document (or a provision of it) takes effect.</summary>
    public const string Effective = "effective";

    /// <summary>The date comments must be received by.</summary>
    public const string Comments = "comments";

    /// <summary>A compliance date.</summary>
    public const string Compliance = "compliance";

    public static readonly string[] All = [Effective, Comments, Compliance];

    /// <summary>How a kind reads in a sentence ("effective date").</summary>
    public static string Label(string kind) => kind switch
    {
        Effective => "effective date",
        Comments => "comment deadline",
        Compliance => "compliance date",
        _ => kind,
    };
}
