using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>
/// 临期提醒: every unanswered notice due within <see cref="NotificationOptions.DueSoonDays"/> reminds its unit once. The
/// reminder is keyed by notice and deadline, so scanning again (the same day or the next) notifies nobody twice.
/// </summary>
public static class RemindDueNotices
{
    public sealed class Handler(AppDbContext db, DistrictClock clock, Notifier notifier, IOptions<NotificationOptions> options)
    {
        /// <summary>Returns the number of notifications created.</summary>
        public async Task<int> HandleAsync(CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var until = today.AddDays(Math.Max(0, options.Value.DueSoonDays));
            var due = await db.Notices.AsNoTracking()
                .Where(n => (n.Status == NoticeStatus.Issued || n.Status == NoticeStatus.SignedFor || n.Status == NoticeStatus.Returned)
                    && n.Deadline >= today && n.Deadline <= until)
                .OrderBy(n => n.Id)
                .Select(n => new { n.Id, n.Kind, n.Year, n.Sequence, n.RecipientUnitId, n.Deadline })
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return 0;
            }

            var keys = due.ToDictionary(n => n.Id, n => KeyFor(n.Id, n.Deadline));
            var keyList = keys.Values.ToList();
            var sent = (await db.Notifications.AsNoTracking().Where(n => n.DedupeKey != null && keyList.Contains(n.DedupeKey))
                    .Select(n => new { n.DedupeKey, n.RecipientUserId }).ToListAsync(cancellationToken))
                .ToLookup(n => n.DedupeKey!, n => n.RecipientUserId);
            foreach (var notice in due)
            {
                var key = keys[notice.Id];
                await notifier.NoticeDueSoonAsync(
                    notice.Id, NoticeNumbering.Format(notice.Kind, notice.Year, notice.Sequence), notice.RecipientUnitId, notice.Deadline, key,
                    sent[key].ToHashSet(), cancellationToken);
            }

            return await db.SaveChangesAsync(cancellationToken);
        }

        /// <summary>One reminder per notice and deadline: "notice-due:12:20261125".</summary>
        public static string KeyFor(int noticeId, DateOnly deadline) =>
            string.Create(CultureInfo.InvariantCulture, $"notice-due:{noticeId}:{deadline:yyyyMMdd}");
    }
}
