using System.Net.Mail;

namespace Alerts.Core.Email;

/// <summary>Accepts a bare address (no display name, no comments, no control characters) and normalises it.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 254;

    /// <summary>True when <paramref name="input"/> is one plain address; <paramref name="normalized"/> has a lower-case domain.</summary>
    public static bool TryNormalize(string? input, out string normalized, out string error)
    {
        normalized = "";
        var s = input?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = "email is required.";
            return false;
        }

        if (s.Length > MaxLength)
        {
            error = $"email is longer than {MaxLength} characters.";
            return false;
        }

        if (s.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or ',' or ';' or ':' or '"' or '[' or ']' or '\\'))
        {
            error = "email must be a plain address like name@example.org, without spaces, names, brackets or control characters.";
            return false;
        }

        var at = s.LastIndexOf('@');
        if (at <= 0 || at != s.IndexOf('@') || at == s.Length - 1)
        {
            error = "email must contain exactly one @ with a name before it and a domain after it.";
            return false;
        }

        var local = s[..at];
        var domain = s[(at + 1)..].ToLowerInvariant();
        if (local.Length > 64 || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal)
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)
            || domain.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            error = "email is not a valid address (expected name@example.org).";
            return false;
        }

        if (!MailAddress.TryCreate(local + "@" + domain, out var parsed) || parsed.Address != local + "@" + domain || parsed.DisplayName.Length > 0)
        {
            error = "email is not a valid address (expected name@example.org).";
            return false;
        }

        normalized = parsed.Address;
        error = "";
        return true;
    }
}
