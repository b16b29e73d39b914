namespace Alerts.Tests.ChangeLog;

/// <summary>Continuation tokens: bound to the query, expiring, bounded in lifetime, verifiable with the previous key during a rotation.</summary>
public sealed class ContinuationTokenTests
{
    private const string OldKey = "old-signing-key-0123456789abcdefghijklmnop";
    private const string NewKey = "new-signing-key-0123456789abcdefghijklmnop";
    private const string Query = "source=federal-register";

    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ContinuationTokens Tokens(TimeProvider clock, string key, string? previous = null, DateTimeOffset? previousUntil = null) =>
        new(Options.Create(new AlertsOptions { TokenSigningKey = key, PreviousTokenSigningKey = previous, PreviousTokenSigningKeyUntil = previousUntil }), clock);

    [Fact]
    public void A_token_is_read_back_for_its_query_until_it_expires()
    {
        var clock = new FakeTimeProvider(Start);
        var tokens = Tokens(clock, NewKey);
        var token = tokens.Create(42, Query);

        var same = tokens.Read(token, Query);
        var other = tokens.Read(token, "source=ecfr-ear");
        clock.Advance(ContinuationTokens.Lifetime + TimeSpan.FromSeconds(1));
        var expired = tokens.Read(token, Query);

        Assert.Equal(42, same);
        Assert.Null(other);
        Assert.Null(expired);
    }

    [Fact]
    public void A_forged_or_edited_token_is_refused()
    {
        var clock = new FakeTimeProvider(Start);
        var tokens = Tokens(clock, NewKey);
        var parts = tokens.Create(42, Query).Split('.');

        Assert.Null(tokens.Read("43." + string.Join('.', parts[1..]), Query));
        Assert.Null(tokens.Read(Tokens(clock, "another-key-0123456789abcdefghijklmnopq").Create(42, Query), Query));
        Assert.Null(tokens.Read("42", Query));
        Assert.Null(tokens.Read("42.not-base64!", Query));
    }

    [Fact]
    public void A_validly_signed_token_expiring_beyond_the_maximum_lifetime_is_refused()
    {
        var farFuture = Tokens(new FakeTimeProvider(Start.AddYears(10)), NewKey).Create(42, Query);

        var tokens = Tokens(new FakeTimeProvider(Start), NewKey);

        Assert.Null(tokens.Read(farFuture, Query));
    }

    [Fact]
    public void After_a_rotation_tokens_of_the_previous_key_are_accepted_until_the_grace_period_ends()
    {
        var clock = new FakeTimeProvider(Start);
        var beforeRotation = Tokens(clock, OldKey).Create(42, Query);
        var rotated = Tokens(clock, NewKey, previous: OldKey, previousUntil: Start.AddHours(1));

        var during = rotated.Read(beforeRotation, Query);
        var withoutPrevious = Tokens(clock, NewKey).Read(beforeRotation, Query);
        clock.Advance(TimeSpan.FromHours(1));
        var after = rotated.Read(beforeRotation, Query);

        Assert.Equal(42, during);
        Assert.Null(withoutPrevious);
        Assert.Null(after);
    }
}
