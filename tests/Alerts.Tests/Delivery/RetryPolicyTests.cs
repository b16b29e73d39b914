using Alerts.Core.Delivery;
using Alerts.Core.Email;

namespace Alerts.Tests.Delivery;

public sealed class RetryPolicyTests
{
    [Fact]
    public void The_e_mail_policy_keeps_its_own_values_without_jitter()
    {
        var waits = Enumerable.Range(1, 7).Select(attempt => EmailChannel.Retries.NextDelay(attempt)).ToList();

        Assert.Equal(
            [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12), null],
            waits);
        Assert.Equal(7, EmailChannel.Retries.MaxAttempts);
    }

    [Fact]
    public void A_retry_after_longer_than_the_schedule_is_honoured_and_an_exhausted_schedule_stays_exhausted()
    {
        var policy = RetryPolicy.Webhooks(0);

        Assert.Equal(TimeSpan.FromMinutes(2), policy.NextDelay(1, TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.NextDelay(1, null));
        Assert.Null(policy.NextDelay(policy.MaxAttempts, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void A_retry_after_shorter_than_the_schedule_is_bounded_below_by_the_schedules_delay()
    {
        var policy = RetryPolicy.Webhooks(0);

        Assert.Equal(TimeSpan.FromSeconds(5), policy.NextDelay(1, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.NextDelay(3, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), EmailChannel.Retries.NextDelay(1, TimeSpan.FromSeconds(1)));
    }
}
