using Alerts.Core.Email;

namespace Alerts.Tests.Email;

/// <summary>Manage-link tokens: signed, expiring, bounded in lifetime, and verifiable with the previous key during a rotation's grace period.</summary>
public sealed class SubscriberTokenTests
{
    private const string OldKey = "old-signing-key-0123456789abcdefghijklmnop";
    private const string NewKey = "new-signing-key-0123456789abcdefghijklmnop";
    private const string Subscriber = "sub_0123456789abcdef";

    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static SubscriberTokens Tokens(TimeProvider clock, string key, string? previous = null, DateTimeOffset? previousUntil = null, int manageLinkDays = 90) => new(
        Options.Create(new AlertsOptions { TokenSigningKey = key, PreviousTokenSigningKey = previous, PreviousTokenSigningKeyUntil = previousUntil }),
        Options.Create(new SendGridOptions { ManageLinkDays = manageLinkDays }),
        clock);

    [Fact]
    public void A_token_is_read_back_until_it_expires()
    {
        var clock = new FakeTimeProvider(Start);
        var tokens = Tokens(clock, NewKey);
        var token = tokens.Manage(Subscriber, TimeSpan.FromDays(1));

        var fresh = tokens.ReadManage(token);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var expired = tokens.ReadManage(token);

        Assert.Equal(Subscriber, fresh);
        Assert.Null(expired);
    }

    [Fact]
    public void A_forged_or_edited_token_is_refused()
    {
        var clock = new FakeTimeProvider(Start);
        var token = Tokens(clock, NewKey).Manage(Subscriber, TimeSpan.FromDays(1));
        var parts = token.Split('.');
        var otherSubscriber = string.Join('.', parts[0], "sub_fedcba9876543210", parts[2], parts[3]);
        var laterExpiry = string.Join('.', parts[0], parts[1],
            (long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), parts[3]);
        var otherKey = Tokens(clock, "another-key-0123456789abcdefghijklmnopq").Manage(Subscriber, TimeSpan.FromDays(1));

        var tokens = Tokens(clock, NewKey);

        Assert.Null(tokens.ReadManage(otherSubscriber));
        Assert.Null(tokens.ReadManage(laterExpiry));
        Assert.Null(tokens.ReadManage(otherKey));
    }

    [Fact]
    public void A_validly_signed_token_expiring_beyond_the_maximum_lifetime_is_refused()
    {
        // Made with the signing key (leaked, or by a bug) to expire in ten years; links live at most ManageLinkDays.
        var clock = new FakeTimeProvider(Start);
        var farFuture = Tokens(new FakeTimeProvider(Start.AddYears(10)), NewKey).Manage(Subscriber, TimeSpan.FromDays(1));
        var justBeyond = Tokens(new FakeTimeProvider(Start.AddDays(2)), NewKey, manageLinkDays: 90).Manage(Subscriber, TimeSpan.FromDays(89));

        var tokens = Tokens(clock, NewKey, manageLinkDays: 90);

        Assert.Null(tokens.ReadManage(farFuture));
        Assert.Null(tokens.ReadManage(justBeyond));
        Assert.Equal(Subscriber, tokens.ReadManage(tokens.Manage(Subscriber, TimeSpan.FromDays(90))));
    }

    [Fact]
    public void Issuing_a_token_beyond_the_maximum_lifetime_is_a_bug_that_throws()
    {
        var tokens = Tokens(new FakeTimeProvider(Start), NewKey, manageLinkDays: 30);

        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Manage(Subscriber, TimeSpan.FromDays(31)));
    }

    [Fact]
    public void After_a_rotation_tokens_of_the_previous_key_are_accepted_until_the_grace_period_ends()
    {
        var clock = new FakeTimeProvider(Start);
        var beforeRotation = Tokens(clock, OldKey).Manage(Subscriber, TimeSpan.FromDays(60));
        var rotated = Tokens(clock, NewKey, previous: OldKey, previousUntil: Start.AddDays(30));
        var withoutPrevious = Tokens(clock, NewKey);

        var during = rotated.ReadManage(beforeRotation);
        var issued = rotated.Manage(Subscriber, TimeSpan.FromDays(1));
        var refusedWithoutPrevious = withoutPrevious.ReadManage(beforeRotation);
        var issuedReadWithNewKey = withoutPrevious.ReadManage(issued);
        var issuedReadWithOldKey = Tokens(clock, OldKey).ReadManage(issued);
        clock.Advance(TimeSpan.FromDays(30));
        var after = rotated.ReadManage(beforeRotation);

        Assert.Equal(Subscriber, during);
        Assert.Equal(Subscriber, issuedReadWithNewKey); // new tokens are signed with the new key only
        Assert.Null(issuedReadWithOldKey);
        Assert.Null(refusedWithoutPrevious);
        Assert.Null(after);
    }

    [Fact]
    public void The_previous_key_does_not_extend_a_far_future_token()
    {
        var clock = new FakeTimeProvider(Start);
        var forged = Tokens(new FakeTimeProvider(Start.AddYears(5)), OldKey).Manage(Subscriber, TimeSpan.FromDays(1));

        var rotated = Tokens(clock, NewKey, previous: OldKey, previousUntil: Start.AddDays(30));

        Assert.Null(rotated.ReadManage(forged));
    }
}
