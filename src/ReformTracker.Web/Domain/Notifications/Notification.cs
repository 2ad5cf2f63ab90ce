using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Domain.Notifications;

/// <summary>What happened, from the recipient's point of view.</summary>
public enum NotificationKind
{
    NoticeReceived = 1,
    NoticeDueSoon = 2,
    ReportReturned = 3,
    ExtensionDecided = 4,
    FlagRaised = 5,
    NoticeReminder = 6,
    NoticeEscalated = 7,
    NoticeListedInBulletin = 8,
}

/// <summary>Where the e-mail copy of a notification stands; the in-app notification never depends on it.</summary>
public enum EmailDelivery
{
    /// <summary>No e-mail wanted: mail was not configured or the recipient had no address when it was created.</summary>
    None = 0,
    Pending = 1,
    Sent = 2,

    /// <summary>Gave up after the configured number of attempts, or the address was removed before sending.</summary>
    Abandoned = 3,
}

/// <summary>
/// A message to one user about something that concerns them. Not business data: no version, no soft delete, no audit
/// record (docs/adr/0010-notifications-outside-the-audit-trail.md). Only the recipient ever reads it.
/// </summary>
public sealed class Notification
{
    public const int TitleLength = 200;
    public const int BodyLength = 1000;
    public const int LinkLength = 256;
    public const int KeyLength = 128;
    public const int ErrorLength = 500;

    private Notification()
    {
        Title = string.Empty;
        Body = string.Empty;
    }

    public Notification(int recipientUserId, NotificationKind kind, string title, string body, string? link, DateTime createdAtUtc, bool sendEmail, string? dedupeKey = null)
        : this()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        RecipientUserId = recipientUserId;
        Kind = kind;
        Title = Clip(title.Trim(), TitleLength);
        Body = Clip(body?.Trim() ?? string.Empty, BodyLength);
        Link = link;
        CreatedAtUtc = createdAtUtc;
        DedupeKey = dedupeKey;
        EmailState = sendEmail ? EmailDelivery.Pending : EmailDelivery.None;
    }

    public int Id { get; private set; }

    public int RecipientUserId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public string Title { get; private set; }

    public string Body { get; private set; }

    /// <summary>A local path to the object, when it is not a notice (notices are linked by <see cref="NoticeId"/>).</summary>
    public string? Link { get; private set; }

    /// <summary>The notice it is about; a foreign key, so a notification can be created in the same save as a new notice.</summary>
    public int? NoticeId { get; private set; }

    public Notice? Notice { get; private set; }

    /// <summary>Set for notifications that must never repeat (a due reminder per notice and deadline); unique per recipient.</summary>
    public string? DedupeKey { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    public bool IsRead => ReadAtUtc is not null;

    public EmailDelivery EmailState { get; private set; }

    public int EmailAttempts { get; private set; }

    public DateTime? EmailNextAttemptAtUtc { get; private set; }

    public DateTime? EmailSentAtUtc { get; private set; }

    public string? EmailError { get; private set; }

    /// <summary>The path the notification opens: its notice, its link, or the list.</summary>
    public static string TargetOf(int? noticeId, string? link) =>
        noticeId is { } id ? $"/notices/{id}" : string.IsNullOrEmpty(link) ? "/notifications" : link;

    /// <summary>About a notice that is already saved.</summary>
    public void AboutNotice(int noticeId)
    {
        NoticeId = noticeId;
        Link = null;
    }

    /// <summary>About a notice added in the same unit of work (its id is known only after the save).</summary>
    public void AboutNotice(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Notice = notice;
        Link = null;
    }

    /// <summary>The first read counts; reading again changes nothing.</summary>
    public bool MarkRead(DateTime nowUtc)
    {
        if (ReadAtUtc is not null)
        {
            return false;
        }

        ReadAtUtc = nowUtc;
        return true;
    }

    public void EmailWasSent(DateTime nowUtc)
    {
        EnsurePending();
        EmailAttempts++;
        EmailSentAtUtc = nowUtc;
        EmailNextAttemptAtUtc = null;
        EmailError = null;
        EmailState = EmailDelivery.Sent;
    }

    /// <summary>A failed attempt: retried after a growing pause (1, 2, 4 … at most 60 minutes) until the attempts run out.</summary>
    public void EmailFailed(DateTime nowUtc, string error, int maxAttempts)
    {
        EnsurePending();
        EmailAttempts++;
        EmailError = Clip(error, ErrorLength);
        if (EmailAttempts >= Math.Max(1, maxAttempts))
        {
            EmailState = EmailDelivery.Abandoned;
            EmailNextAttemptAtUtc = null;
            return;
        }

        EmailNextAttemptAtUtc = nowUtc.AddMinutes(Math.Min(60, 1 << Math.Min(EmailAttempts - 1, 6)));
    }

    /// <summary>The recipient has no usable address any more (removed, or the account disabled).</summary>
    public void EmailNotDeliverable(string reason)
    {
        EnsurePending();
        EmailError = Clip(reason, ErrorLength);
        EmailNextAttemptAtUtc = null;
        EmailState = EmailDelivery.Abandoned;
    }

    private void EnsurePending()
    {
        if (EmailState != EmailDelivery.Pending)
        {
            throw new InvalidOperationException($"The e-mail of notification {Id} is {EmailState}, not pending.");
        }
    }

    private static string Clip(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;
}
