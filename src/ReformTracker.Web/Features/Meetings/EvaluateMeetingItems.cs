using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>
/// Brings the flags of meeting items in line (rule 交办事项逾期): opens one when an open item passes its deadline, refreshes
/// its wording while it stays overdue, closes it when the item is done, reopened within its deadline or deleted.
/// Running it twice changes nothing the second time. The supervision worker calls it after <c>EvaluateFlags</c>.
/// </summary>
public static class EvaluateMeetingItems
{
    public sealed record Outcome(int Items, int Opened, int Refreshed, int Closed);

    public sealed class Handler(AppDbContext db, DistrictClock clock)
    {
        public Task<Outcome> HandleAsync(CancellationToken cancellationToken) => HandleAsync(null, cancellationToken);

        /// <summary>Evaluates every item, or only the given ones.</summary>
        public async Task<Outcome> HandleAsync(IReadOnlyCollection<int>? onlyItemIds, CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var now = clock.UtcNow;

            // Items of a deleted meeting count as gone: their flags close.
            var items = await db.MeetingItems.AsNoTracking()
                .Where(i => onlyItemIds == null || onlyItemIds.Contains(i.Id))
                .Where(i => db.Meetings.Any(m => m.Id == i.MeetingId))
                .Select(i => new { i.Id, i.Content, i.State, i.Deadline })
                .ToListAsync(cancellationToken);
            var findings = items
                .Select(i => (i.Id, Finding: MeetingItem.Judge(i.Content, i.State, i.Deadline, today)))
                .Where(x => x.Finding is not null)
                .ToDictionary(x => x.Id, x => x.Finding!);

            var openFlags = await db.Flags
                .Where(f => f.MeetingItemId != null && f.ClosedAtUtc == null)
                .Where(f => onlyItemIds == null || onlyItemIds.Contains(f.MeetingItemId!.Value))
                .ToListAsync(cancellationToken);
            var byItem = openFlags.GroupBy(f => (f.MeetingItemId!.Value, f.Rule, f.SubjectKey)).ToDictionary(g => g.Key, g => g.ToList());

            int opened = 0, refreshed = 0, closed = 0;
            foreach (var (itemId, finding) in findings)
            {
                if (byItem.Remove((itemId, finding.Rule, finding.SubjectKey), out var existing))
                {
                    refreshed += existing[0].Refresh(finding) ? 1 : 0;
                    foreach (var duplicate in existing.Skip(1))
                    {
                        duplicate.Close(now);
                        closed++;
                    }
                }
                else
                {
                    db.Flags.Add(Flag.ForMeetingItem(itemId, finding, now));
                    opened++;
                }
            }

            foreach (var flag in byItem.Values.SelectMany(f => f))
            {
                flag.Close(now);
                closed++;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Outcome(items.Count, opened, refreshed, closed);
        }
    }
}
