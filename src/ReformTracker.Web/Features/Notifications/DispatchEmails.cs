using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>
/// Sends the e-mail copies that are due, oldest first, one save per message so that a crash never sends a message twice
/// that was already marked. A failure is retried later; after the last attempt it is given up. The in-app notification
/// is never touched by any of this.
/// </summary>
public static partial class DispatchEmails
{
    public sealed record Outcome(int Sent, int Failed, int Abandoned);

    public sealed partial class Handler(AppDbContext db, DistrictClock clock, MailSender sender, IOptions<NotificationOptions> options, ILogger<Handler> logger)
    {
        public async Task<Outcome> HandleAsync(CancellationToken cancellationToken)
        {
            var email = options.Value.Email;
            if (!email.IsConfigured)
            {
                return new Outcome(0, 0, 0);
            }

            var now = clock.UtcNow;
            var batch = await db.Notifications
                .Where(n => n.EmailState == EmailDelivery.Pending && (n.EmailNextAttemptAtUtc == null || n.EmailNextAttemptAtUtc <= now))
                .OrderBy(n => n.Id).Take(Math.Max(1, email.BatchSize)).ToListAsync(cancellationToken);
            var userIds = batch.Select(n => n.RecipientUserId).Distinct().ToList();
            var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsDisabled }).ToDictionaryAsync(u => u.Id, cancellationToken);
            int sent = 0, failed = 0, abandoned = 0;
            foreach (var notification in batch)
            {
                var user = users.GetValueOrDefault(notification.RecipientUserId);
                if (user is null || user.IsDisabled || string.IsNullOrWhiteSpace(user.Email))
                {
                    notification.EmailNotDeliverable("收件人没有可用的电子邮箱地址");
                    abandoned++;
                }
                else
                {
                    try
                    {
                        using var message = Compose(notification, user.Email, user.DisplayName, email);
                        await sender.SendAsync(message, cancellationToken);
                        notification.EmailWasSent(clock.UtcNow);
                        sent++;
                    }
                    catch (Exception exception) when (exception is SmtpException or IOException or InvalidOperationException or FormatException or UnauthorizedAccessException)
                    {
                        notification.EmailFailed(clock.UtcNow, exception.Message, email.MaxAttempts);
                        LogFailed(notification.Id, notification.EmailAttempts, exception.Message);
                        if (notification.EmailState == EmailDelivery.Abandoned)
                        {
                            abandoned++;
                        }
                        else
                        {
                            failed++;
                        }
                    }
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            return new Outcome(sent, failed, abandoned);
        }

        private static MailMessage Compose(Notification notification, string address, string displayName, EmailOptions email)
        {
            var link = Notification.TargetOf(notification.NoticeId, notification.Link);
            if (!string.IsNullOrWhiteSpace(email.SiteUrl))
            {
                link = email.SiteUrl.TrimEnd('/') + link;
            }

            var body = new StringBuilder()
                .AppendLine(notification.Body)
                .AppendLine()
                .AppendLine($"查看详情：{link}")
                .AppendLine()
                .AppendLine("此邮件由改革任务跟踪系统自动发送，请勿直接回复。")
                .ToString();
            var message = new MailMessage
            {
                From = new MailAddress(email.From!, email.FromName, Encoding.UTF8),
                Subject = $"【{email.FromName}】{notification.Title}",
                SubjectEncoding = Encoding.UTF8,
                Body = body,
                BodyEncoding = Encoding.UTF8,
                HeadersEncoding = Encoding.UTF8,
                IsBodyHtml = false,
            };
            message.To.Add(new MailAddress(address, displayName, Encoding.UTF8));
            return message;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail of notification {Id} failed (attempt {Attempt}): {Error}")]
        private partial void LogFailed(int id, int attempt, string error);
    }
}

/// <summary>
/// Delivers one message with <see cref="SmtpClient"/> (in the base class library, so no package): to the SMTP server, or
/// as an .eml file into the pickup folder when one is configured (for tests, or a mail relay that watches a folder).
/// </summary>
public sealed class MailSender(IOptions<NotificationOptions> options, IHostEnvironment environment)
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = options.Value.Email;
        using var client = new SmtpClient { Timeout = Math.Max(1, email.TimeoutSeconds) * 1000 };
        if (!string.IsNullOrWhiteSpace(email.PickupDirectory))
        {
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = Path.GetFullPath(email.PickupDirectory, environment.ContentRootPath);
        }
        else
        {
            client.Host = email.Host!;
            client.Port = email.Port;
            client.EnableSsl = email.EnableSsl;
            if (!string.IsNullOrWhiteSpace(email.UserName))
            {
                client.Credentials = new NetworkCredential(email.UserName, email.Password);
            }
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}
