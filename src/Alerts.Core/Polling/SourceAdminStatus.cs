namespace Alerts.Core.Polling;

/// <summary>How an operator's request about a source ended.</summary>
public enum SourceAdminStatus
{
    /// <summary>Done as asked.</summary>
    Done,

    /// <summary>No source with that id; nothing changed.</summary>
    NotFound,

    /// <summary>The source definition is not valid; nothing changed.</summary>
    Invalid,

    /// <summary>A source of the catalog file cannot be removed, only disabled; nothing changed.</summary>
    BuiltIn,

    /// <summary>The source holds no suspect fetch to confirm; nothing changed.</summary>
    NothingHeld,
}
