using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notifications;

/// <summary>我的通知: the signed-in user's own notifications, newest first, a page at a time.</summary>
public static class NotificationList
{
    public sealed class Query
    {
        public int? Page { get; set; }

        public bool Unread { get; set; }
    }

    public sealed record Row(int Id, NotificationKind Kind, string Title, string Body, DateTime CreatedAtLocal, bool IsRead);

    public sealed record Model(Query Query, IReadOnlyList<Row> Rows, PageInfo Paging, int UnreadCount);

    public sealed class Handler(AppDbContext db, CurrentUser user, DistrictClock clock)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var mine = db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == user.Id);
            var unread = await mine.CountAsync(n => n.ReadAtUtc == null, cancellationToken);
            var shown = query.Unread ? mine.Where(n => n.ReadAtUtc == null) : mine;
            var paging = PageInfo.For(query.Page, PageInfo.DefaultPageSize, query.Unread ? unread : await mine.CountAsync(cancellationToken));
            var rows = await shown.OrderByDescending(n => n.Id).Skip(paging.Skip).Take(paging.PageSize)
                .Select(n => new { n.Id, n.Kind, n.Title, n.Body, n.CreatedAtUtc, Read = n.ReadAtUtc != null })
                .ToListAsync(cancellationToken);
            return new Model(
                query, rows.Select(r => new Row(r.Id, r.Kind, r.Title, r.Body, clock.ToLocal(r.CreatedAtUtc), r.Read)).ToList(), paging, unread);
        }
    }
}

/// <summary>
/// The bell's number: the signed-in user's unread notifications. Every page shows it, so it is kept for a few seconds per
/// user; reading notifications and new ones for the user (once saved) forget it at once.
/// </summary>
public static class UnreadCount
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(10);

    /// <summary>Makes the next page count the user's unread notifications afresh.</summary>
    public static void Forget(IMemoryCache cache, int userId)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Remove(Key(userId));
    }

    private static (string, int) Key(int userId) => ("unread-notifications", userId);

    public sealed class Handler(AppDbContext db, CurrentUser user, IMemoryCache cache)
    {
        /// <summary>Null for anonymous users, or when the database cannot answer (the bell must never break a page, error pages included).</summary>
        public async Task<int?> CountAsync(CancellationToken cancellationToken)
        {
            if (user.Id is not { } id)
            {
                return null;
            }

            if (cache.TryGetValue(Key(id), out int kept))
            {
                return kept;
            }

            try
            {
                var count = await db.Notifications.AsNoTracking().CountAsync(n => n.RecipientUserId == id && n.ReadAtUtc == null, cancellationToken);
                cache.Set(Key(id), count, KeptFor);
                return count;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
