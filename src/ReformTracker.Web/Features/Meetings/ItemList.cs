using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

public enum ItemFilter
{
    Open,
    Overdue,
    Done,
    All,
}

/// <summary>交办事项: the items the user sees across meetings; for a reporter, what the own unit owes (open first, by deadline).</summary>
public static class ItemList
{
    public sealed class Query
    {
        public string? State { get; set; }

        public int? Unit { get; set; }

        public ItemFilter EffectiveState =>
            Enum.TryParse<ItemFilter>(State, ignoreCase: true, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(State![0]) ? state : ItemFilter.Open;
    }

    public sealed record Row(
        int Id, int MeetingId, string MeetingTitle, DateOnly MeetingDate, string Content, string UnitName, DateOnly Deadline, MeetingItemState State,
        bool Overdue, int DaysOverdue, string? CompletionNote, bool MayMarkDone);

    public sealed record Model(Query Query, IReadOnlyList<Row> Rows, IReadOnlyList<Option> Units, bool OwnUnitOnly);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var today = clock.Today;
            var ownUnitOnly = user.Can(Permissions.ReportsFile);
            var items = db.MeetingItems.AsNoTracking().VisibleTo(db, user);
            if (ownUnitOnly)
            {
                items = items.Where(i => i.AssigneeUnitId == user.UnitId);
            }
            else if (query.Unit is { } unit)
            {
                items = items.Where(i => i.AssigneeUnitId == unit);
            }

            items = query.EffectiveState switch
            {
                ItemFilter.Open => items.Where(i => i.State == MeetingItemState.Open),
                ItemFilter.Overdue => items.Where(i => i.State == MeetingItemState.Open && i.Deadline < today),
                ItemFilter.Done => items.Where(i => i.State == MeetingItemState.Done),
                _ => items,
            };

            var found = await (from i in items
                               join m in db.Meetings on i.MeetingId equals m.Id
                               select new { Item = i, m.Title, m.Date })
                .ToListAsync(cancellationToken);
            var units = await db.UnitsInDisplayOrderAsync(cancellationToken);
            var names = units.ToDictionary(u => u.Id, u => u.Name);
            var rows = found
                .OrderBy(x => x.Item.State == MeetingItemState.Open ? 0 : 1).ThenBy(x => x.Item.Deadline).ThenBy(x => x.Item.Id)
                .Select(x => new Row(
                    x.Item.Id, x.Item.MeetingId, x.Title, x.Date, x.Item.Content, names.GetValueOrDefault(x.Item.AssigneeUnitId, "—"), x.Item.Deadline,
                    x.Item.State, x.Item.IsOverdue(today), x.Item.IsOverdue(today) ? today.DayNumber - x.Item.Deadline.DayNumber : 0, x.Item.CompletionNote,
                    !x.Item.IsDone && user.MayMarkDone(x.Item.AssigneeUnitId)))
                .ToList();
            return new Model(query, rows, units.Select(u => new Option(u.Id, u.Name, null)).ToList(), ownUnitOnly);
        }
    }
}
