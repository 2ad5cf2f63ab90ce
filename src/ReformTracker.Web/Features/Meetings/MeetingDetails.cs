using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>
/// One meeting (also its printed record): it opens with the closure of the previous meeting of the same scope, then
/// lists its own items with what the user may do to each. A reporter sees the own unit's items only.
/// </summary>
public static class MeetingDetails
{
    public sealed record ItemRow(
        int Id,
        string Content,
        string UnitName,
        DateOnly Deadline,
        int? TaskId,
        string? TaskCode,
        MeetingItemState State,
        bool Overdue,
        int DaysOverdue,
        string? CompletionNote,
        string? DoneBy,
        DateTime? DoneAtLocal,
        string? ReopenReason,
        string? ReopenedBy,
        bool MayMarkDone,
        bool MayReopen,
        bool MayIssueNotice);

    public sealed record OpenItem(int Id, string Content, string UnitName, DateOnly Deadline, bool Overdue, int DaysOverdue);

    /// <summary>上次会议: the latest earlier meeting of the same scope and how its items (those the user sees) stand today.</summary>
    public sealed record Previous(int Id, string Title, DateOnly Date, MeetingClosure Closure, IReadOnlyList<OpenItem> StillOpen);

    public sealed class Model
    {
        public required int Id { get; init; }

        public required string Title { get; init; }

        public required DateOnly Date { get; init; }

        public required string ScopeName { get; init; }

        public required bool IsPlanScope { get; init; }

        public required IReadOnlyList<string> Attendees { get; init; }

        /// <summary>Null for a reader who sees only the own unit's items.</summary>
        public required string? Minutes { get; init; }

        public required string CreatedBy { get; init; }

        public required MeetingAccess Access { get; init; }

        public required Previous? PreviousMeeting { get; init; }

        public required MeetingClosure Closure { get; init; }

        public required IReadOnlyList<ItemRow> Items { get; init; }

        public required IReadOnlyList<Option> Units { get; init; }

        public required IReadOnlyList<Option> Tasks { get; init; }

        public AssignItem.Form NewItem { get; set; } = new();

        public bool OwnItemsOnly => Access == MeetingAccess.OwnItems;

        public bool MayManage => Access == MeetingAccess.Manage;
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public Task<MeetingAccess> AccessAsync(int id, CancellationToken cancellationToken) => db.MeetingAccessAsync(user, id, cancellationToken);

        /// <summary>Null when the meeting is unknown or out of the user's reach.</summary>
        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var access = await db.MeetingAccessAsync(user, id, cancellationToken);
            if (access == MeetingAccess.None)
            {
                return null;
            }

            var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
            var today = clock.Today;
            var scopeName = meeting.PlanId is { } planId
                ? await db.Plans.Where(p => p.Id == planId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken)
                : await db.Offices.Where(o => o.Id == meeting.OfficeId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);
            var units = await db.UnitsInDisplayOrderAsync(cancellationToken);
            var unitNames = units.ToDictionary(u => u.Id, u => u.Name);

            var visibleItems = db.MeetingItems.AsNoTracking().VisibleTo(db, user);
            var items = await (from i in visibleItems.Where(i => i.MeetingId == id)
                               from t in db.Tasks.Where(t => t.Id == i.TaskId).DefaultIfEmpty()
                               orderby i.Id
                               select new { Item = i, TaskCode = t == null ? null : t.Code })
                .ToListAsync(cancellationToken);
            var mayNotice = access == MeetingAccess.Manage && user.Can(Permissions.NoticesIssue);
            var rows = items.Select(x => new ItemRow(
                    x.Item.Id,
                    x.Item.Content,
                    unitNames.GetValueOrDefault(x.Item.AssigneeUnitId, "—"),
                    x.Item.Deadline,
                    x.Item.TaskId,
                    x.TaskCode,
                    x.Item.State,
                    x.Item.IsOverdue(today),
                    DaysOverdue(x.Item.State, x.Item.Deadline, today),
                    x.Item.CompletionNote,
                    x.Item.DoneBy,
                    x.Item.DoneAtUtc is { } done ? clock.ToLocal(done) : null,
                    x.Item.ReopenReason,
                    x.Item.ReopenedBy,
                    !x.Item.IsDone && user.MayMarkDone(x.Item.AssigneeUnitId),
                    x.Item.IsDone && access == MeetingAccess.Manage,
                    mayNotice && !x.Item.IsDone))
                .ToList();

            IReadOnlyList<Option> taskOptions = [];
            if (access == MeetingAccess.Manage)
            {
                var inScope = meeting.PlanId is { } plan ? db.Tasks.Where(t => t.PlanId == plan) : db.Tasks.Where(t => t.OfficeId == meeting.OfficeId);
                taskOptions = await inScope.AsNoTracking()
                    .OrderBy(t => t.Code)
                    .Select(t => new Option(t.Id, t.Code + " " + t.Title, null))
                    .ToListAsync(cancellationToken);
            }

            return new Model
            {
                Id = meeting.Id,
                Title = meeting.Title,
                Date = meeting.Date,
                ScopeName = scopeName ?? "—",
                IsPlanScope = meeting.PlanId is not null,
                Attendees = meeting.AttendeeList,
                Minutes = access == MeetingAccess.OwnItems ? null : meeting.Minutes,
                CreatedBy = meeting.CreatedBy,
                Access = access,
                PreviousMeeting = await PreviousAsync(meeting, visibleItems, unitNames, today, cancellationToken),
                Closure = MeetingClosure.Of(rows.Select(r => (r.State, r.Deadline)), today),
                Items = rows,
                Units = units.Select(u => new Option(u.Id, u.Name, null)).ToList(),
                Tasks = taskOptions,
                NewItem = new AssignItem.Form { Deadline = meeting.Date.AddDays(30) > today ? meeting.Date.AddDays(30) : today.AddDays(15) },
            };
        }

        private async Task<Previous?> PreviousAsync(
            Meeting meeting, IQueryable<MeetingItem> visibleItems, Dictionary<int, string> unitNames, DateOnly today, CancellationToken cancellationToken)
        {
            var previous = await db.Meetings.AsNoTracking()
                .Where(m => m.PlanId == meeting.PlanId && m.OfficeId == meeting.OfficeId)
                .Where(m => m.Date < meeting.Date || (m.Date == meeting.Date && m.Id < meeting.Id))
                .OrderByDescending(m => m.Date).ThenByDescending(m => m.Id)
                .Select(m => new { m.Id, m.Title, m.Date })
                .FirstOrDefaultAsync(cancellationToken);
            if (previous is null)
            {
                return null;
            }

            var access = await db.MeetingAccessAsync(user, previous.Id, cancellationToken);
            if (access == MeetingAccess.None)
            {
                return null;
            }

            var items = await visibleItems.Where(i => i.MeetingId == previous.Id).OrderBy(i => i.Deadline).ThenBy(i => i.Id)
                .Select(i => new { i.Id, i.Content, i.AssigneeUnitId, i.State, i.Deadline })
                .ToListAsync(cancellationToken);
            var stillOpen = items.Where(i => i.State == MeetingItemState.Open)
                .Select(i => new OpenItem(
                    i.Id, i.Content, unitNames.GetValueOrDefault(i.AssigneeUnitId, "—"), i.Deadline,
                    MeetingItem.IsOverdue(i.State, i.Deadline, today), DaysOverdue(i.State, i.Deadline, today)))
                .ToList();
            return new Previous(previous.Id, previous.Title, previous.Date, MeetingClosure.Of(items.Select(i => (i.State, i.Deadline)), today), stillOpen);
        }

        private static int DaysOverdue(MeetingItemState state, DateOnly deadline, DateOnly today) =>
            MeetingItem.IsOverdue(state, deadline, today) ? today.DayNumber - deadline.DayNumber : 0;
    }
}
