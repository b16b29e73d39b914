namespace Alerts.Core.Email;

/// <summary>
/// The result of one request. <see cref="RejectedRecipients"/>: indexes of recipients SendGrid named in a 4xx answer (the others
/// can be sent again without them); empty with <see cref="SendStatus.Rejected"/>: the request as a whole was refused.
/// </summary>
public sealed record SendOutcome(SendStatus Status, int HttpStatus, TimeSpan RetryAfter, string Detail, IReadOnlyDictionary<int, string> RejectedRecipients);
