namespace Alerts.Core.Email;

/// <summary>
/// An e-mail's subject and parts. When <see cref="Links"/> is set, its two tags stand in the footer for the recipient's own
/// unsubscribe and preferences links, which SendGrid substitutes per recipient.
/// </summary>
public sealed record EmailContent(string Subject, string Html, string Text, EmailLinkTags? Links = null);
