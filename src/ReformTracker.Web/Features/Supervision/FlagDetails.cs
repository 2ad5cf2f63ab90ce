using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Audit;
using ReformTracker.Web.Features.Meetings;
using ReformTracker.Web.Features.Notices;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Supervision;

/// <summary>One flag and how it came to be as it is: opened, reworded, relit, closed — read from the audit trail.</summary>
public static class FlagDetails
{
    public const string EntityType = nameof(Flag);

    /// <summary>Localized says the values are Chinese labels to pass through the localizer (a light, a rule).</summary>
    public sealed record Change(string Field, string? Old, string? New, bool Localized);

    public sealed record HistoryRow(long Sequence, DateTime AtLocal, AuditAction Action, string UserName, IReadOnlyList<Change> Changes);

    public sealed record OtherFlag(int Id, FlagRule Rule, Light Light, string Reason, DateTime OpenedAtLocal);

    /// <summary>For a meeting item's flag, TaskCode is the meeting's title, TaskTitle the item and MeetingId is set.</summary>
    public sealed record Model(
        int Id,
        int? TaskId,
        string TaskCode,
        string TaskTitle,
        string OfficeName,
        string LeadUnitName,
        FlagRule Rule,
        Light Light,
        string Reason,
        DateTime OpenedAtLocal,
        DateTime? ClosedAtLocal,
        int DaysOpen,
        IReadOnlyList<HistoryRow> History,
        IReadOnlyList<OtherFlag> OtherOpenFlags,
        int? MeetingId = null)
    {
        /// <summary>The notices issued from this flag, oldest first, within the user's notice scope.</summary>
        public IReadOnlyList<NoticeRow> Notices { get; init; } = [];

        /// <summary>Open flag, and the user may issue a notice on its task or meeting item.</summary>
        public bool MayIssueNotice { get; init; }

        /// <summary>The notice form prefilled from this flag.</summary>
        public string IssueNoticeUrl => MeetingItemId is { } item ? $"/notices/create?item={item}&flag={Id}" : $"/notices/create?task={TaskId}&flag={Id}";

        public int? MeetingItemId { get; init; }
    }

    public sealed record NoticeRow(int Id, string Number, NoticeKind Kind, NoticeStatus Status, string UnitName, DateTime IssuedAtLocal, DateOnly Deadline);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IssueNotice.Handler issuing)
    {
        private async Task<IReadOnlyList<NoticeRow>> NoticesAsync(int flagId, CancellationToken cancellationToken)
        {
            var rows = await (from n in db.Notices.AsNoTracking().VisibleTo(db, user)
                              join u in db.Units on n.RecipientUnitId equals u.Id
                              where n.FlagId == flagId
                              orderby n.Id
                              select new { n.Id, n.Kind, n.Year, n.Sequence, n.Status, Unit = u.Name, n.IssuedAtUtc, n.Deadline })
                .ToListAsync(cancellationToken);
            return rows.Select(n => new NoticeRow(
                n.Id, NoticeNumbering.Format(n.Kind, n.Year, n.Sequence), n.Kind, n.Status, n.Unit, clock.ToLocal(n.IssuedAtUtc), n.Deadline)).ToList();
        }

        private async Task<bool> MayIssueAsync(Flag flag, CancellationToken cancellationToken) =>
            flag.IsOpen && user.Can(Permissions.NoticesIssue) && await issuing.MayIssueAsync(
                new IssueNotice.Form { TaskId = flag.TaskId ?? 0, MeetingItemId = flag.MeetingItemId }, cancellationToken);

        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var found = await (from f in db.Flags.AsNoTracking()
                               join t in db.Tasks.VisibleTo(user) on f.TaskId equals t.Id
                               where f.Id == id
                               select new { Flag = f, t.Code, t.Title, OfficeId = (int?)t.OfficeId, t.LeadUnitId, MeetingId = (int?)null })
                .SingleOrDefaultAsync(cancellationToken)
                ?? await (from f in db.Flags.AsNoTracking()
                          join i in db.MeetingItems.VisibleTo(db, user) on f.MeetingItemId equals i.Id
                          join m in db.Meetings on i.MeetingId equals m.Id
                          where f.Id == id
                          select new { Flag = f, Code = m.Title, Title = i.Content, m.OfficeId, LeadUnitId = i.AssigneeUnitId, MeetingId = (int?)m.Id })
                .SingleOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                return null;
            }

            var flag = found.Flag;
            var officeName = await db.Offices.Where(o => o.Id == found.OfficeId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? "—";
            var unitName = await db.Units.Where(u => u.Id == found.LeadUnitId).Select(u => u.Name).SingleOrDefaultAsync(cancellationToken) ?? "—";
            var key = id.ToString(CultureInfo.InvariantCulture);
            var records = await db.AuditRecords.AsNoTracking()
                .Where(r => r.EntityType == EntityType && r.EntityId == key)
                .OrderBy(r => r.Sequence)
                .ToListAsync(cancellationToken);
            var history = records.Select(r => new HistoryRow(
                    r.Sequence,
                    clock.ToLocal(r.TimestampUtc),
                    r.Action,
                    r.UserName,
                    AuditChanges.Parse(r.Changes).Select(c => new Change(c.F, Show(c.F, c.O), Show(c.F, c.N), c.F is nameof(Flag.Light) or nameof(Flag.Rule))).ToList()))
                .ToList();
            var others = await db.Flags.AsNoTracking()
                .Where(f => (flag.TaskId != null ? f.TaskId == flag.TaskId : f.MeetingItemId == flag.MeetingItemId) && f.ClosedAtUtc == null && f.Id != id)
                .OrderByDescending(f => f.Light).ThenBy(f => f.OpenedAtUtc).ThenBy(f => f.Id)
                .ToListAsync(cancellationToken);

            var opened = clock.ToLocal(flag.OpenedAtUtc);
            DateTime? closed = flag.ClosedAtUtc is { } c ? clock.ToLocal(c) : null;
            var until = closed is { } end ? DateOnly.FromDateTime(end) : clock.Today;
            return new Model(
                flag.Id,
                flag.TaskId,
                found.Code,
                found.Title,
                officeName,
                unitName,
                flag.Rule,
                flag.Light,
                flag.Reason,
                opened,
                closed,
                Math.Max(0, until.DayNumber - DateOnly.FromDateTime(opened).DayNumber),
                history,
                others.Select(o => new OtherFlag(o.Id, o.Rule, o.Light, o.Reason, clock.ToLocal(o.OpenedAtUtc))).ToList(),
                found.MeetingId)
            {
                Notices = await NoticesAsync(flag.Id, cancellationToken),
                MayIssueNotice = await MayIssueAsync(flag, cancellationToken),
                MeetingItemId = flag.MeetingItemId,
            };
        }

        /// <summary>Stored values in the reader's terms: lights and rules by their Chinese names, UTC times in district time.</summary>
        private string? Show(string field, string? value)
        {
            if (value is null)
            {
                return null;
            }

            return field switch
            {
                nameof(Flag.Light) when Enum.TryParse<Light>(value, out var light) && Enum.IsDefined(light) => Shared.Labels.Label(light),
                nameof(Flag.Rule) when Enum.TryParse<FlagRule>(value, out var rule) && Enum.IsDefined(rule) => rule.Label(),
                nameof(Flag.OpenedAtUtc) or nameof(Flag.ClosedAtUtc) or nameof(Flag.CreatedAtUtc) or nameof(Flag.UpdatedAtUtc)
                    when DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc) =>
                    clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                _ => value,
            };
        }
    }
}
