namespace Alerts.Core.Email;

/// <summary>
/// The substitution tags of one message: fresh and unguessable each time a message is written, so text a source controls
/// (a title, a link) can never name them and have SendGrid write a recipient's token into it.
/// </summary>
public sealed record EmailLinkTags(string Unsubscribe, string Preferences)
{
    public static EmailLinkTags New()
    {
        var nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        return new EmailLinkTags("-unsubscribe_" + nonce + "-", "-preferences_" + nonce + "-");
    }
}
