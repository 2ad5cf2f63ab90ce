namespace ReformTracker.Web.Features.Notifications;

/// <summary>The <c>Notifications</c> section: the background worker, the due reminder and the e-mail copy.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Run the background worker (due reminders, e-mail); the test hosts switch it off and call the handlers themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two rounds of the worker.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>A notice whose deadline is at most this many days away, still unanswered, reminds its unit once.</summary>
    public int DueSoonDays { get; set; } = 2;

    public EmailOptions Email { get; set; } = new();
}

/// <summary>SMTP settings; mail is sent only when <see cref="IsConfigured"/>.</summary>
public sealed class EmailOptions
{
    /// <summary>SMTP server; leave empty (and no pickup folder) to send no mail.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Sender address, e.g. noreply@gaoming.gov.cn.</summary>
    public string? From { get; set; }

    public string FromName { get; set; } = "改革任务跟踪系统";

    /// <summary>Instead of SMTP, write each message as an .eml file into this folder (relative to the content root).</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>The site's address as users reach it (https://…), to turn links into absolute ones; without it mails carry the path only.</summary>
    public string? SiteUrl { get; set; }

    /// <summary>Attempts per message before it is given up (the in-app notification stays).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Messages per round.</summary>
    public int BatchSize { get; set; } = 50;

    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(From) && (!string.IsNullOrWhiteSpace(Host) || !string.IsNullOrWhiteSpace(PickupDirectory));
}
