using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>Open (marks read and leads to the object), mark one read, mark all read: only ever the user's own notifications.</summary>
public static class NotificationActions
{
    public sealed class Handler(AppDbContext db, CurrentUser user, DistrictClock clock, IMemoryCache cache)
    {
        /// <summary>The path to go to, or null when the notification is not the user's (or does not exist).</summary>
        public async Task<string?> OpenAsync(int id, CancellationToken cancellationToken)
        {
            var notification = await MineAsync(id, cancellationToken);
            if (notification is null)
            {
                return null;
            }

            if (notification.MarkRead(clock.UtcNow))
            {
                await db.SaveChangesAsync(cancellationToken);
                UnreadCount.Forget(cache, notification.RecipientUserId);
            }

            return Notification.TargetOf(notification.NoticeId, notification.Link);
        }

        /// <summary>False when the notification is not the user's.</summary>
        public async Task<bool> MarkReadAsync(int id, CancellationToken cancellationToken)
        {
            var notification = await MineAsync(id, cancellationToken);
            if (notification is null)
            {
                return false;
            }

            if (notification.MarkRead(clock.UtcNow))
            {
                await db.SaveChangesAsync(cancellationToken);
                UnreadCount.Forget(cache, notification.RecipientUserId);
            }

            return true;
        }

        /// <summary>
        /// One statement for however many there are. Notifications are outside the audit trail (ADR 0010), so a set-based
        /// update bypassing the change tracker loses nothing.
        /// </summary>
        public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken)
        {
            var now = clock.UtcNow;
            var marked = await db.Notifications.Where(n => n.RecipientUserId == user.Id && n.ReadAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAtUtc, now), cancellationToken);
            if (user.Id is { } id)
            {
                UnreadCount.Forget(cache, id);
            }

            return marked;
        }

        private Task<Notification?> MineAsync(int id, CancellationToken cancellationToken) =>
            db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.RecipientUserId == user.Id, cancellationToken);
    }
}
