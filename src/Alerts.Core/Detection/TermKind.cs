namespace Alerts.Core.Detection;

/// <summary>How a term is matched.</summary>
public enum TermKind
{
    /// <summary>Latin-script words: case-insensitive, on word boundaries; a trailing * matches any ending.</summary>
    Word,

    /// <summary>Chinese, Japanese, Korean: substring (these scripts do not separate words).</summary>
    Cjk,

    /// <summary>Codes (ECCNs, HTS numbers): exact case, not inside a longer code or number.</summary>
    Code,
}
