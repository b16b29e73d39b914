namespace Alerts.Core.Email;

/// <summary>Outcome of a token operation.</summary>
public enum TokenResult
{
    Done,
    InvalidToken,
}
