using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Reports;

/// <summary>本月填报: what the reporter's unit owes this period, and anything earlier still outstanding.</summary>
public static class ReportInbox
{
    /// <summary>How many earlier months are searched for reports still owed.</summary>
    public const int LookBackMonths = 3;

    public sealed record Row(
        int TaskId,
        string Code,
        string Title,
        YearMonth Period,
        int? ReportId,
        ReportStatus? Status,
        int? ReportPercent,
        int TaskPercent,
        string? ReviewComment,
        bool CanCarryForward,
        DateOnly CutOff,
        int DaysToCutOff);

    public sealed record FeedbackRow(int TaskId, string Code, string Title, string LeadUnit, bool Given);

    public sealed record Model(
        YearMonth Period,
        DateOnly CutOff,
        int DaysToCutOff,
        IReadOnlyList<Row> Current,
        IReadOnlyList<Row> Outstanding,
        IReadOnlyList<FeedbackRow> Feedback)
    {
        public int Done => Current.Count(r => r.Status is ReportStatus.Submitted or ReportStatus.Accepted);

        /// <summary>
        /// Names this computation when it is kept and shared (the unit's inbox), so its rows are rendered once per computation;
        /// null when it is computed for one request only.
        /// </summary>
        public string? RenderKey { get; init; }
    }

    private sealed record TaskInfo(int Id, string Code, string Title, DateOnly StartDate, ReformTaskStatus Status, DateOnly? CompletedOn, int PercentComplete);

    /// <summary>
    /// How long a unit's inbox is reused. Saving a report or feedback of the unit, a task or a unit through EF drops it at
    /// once; the time limit bounds what bypasses EF (another server, SQL).
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user, IMemoryCache cache, DataChangeSignals signals)
    {
        /// <summary>The same for everyone of a unit with the same role on the same day, so it is computed once and shared.</summary>
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var today = clock.Today;
            if (user.UnitId is not { } unit)
            {
                return await ComputeAsync(today, cancellationToken);
            }

            var key = $"inbox|{user.Role}|{unit}|{today:yyyyMMdd}";
            return await signals.KeptAsync(
                cache, key, Lifetime, async () => await ComputeAsync(today, cancellationToken) with { RenderKey = $"{key}|{Guid.NewGuid():N}" },
                (DataArea.UnitReports, unit), (DataArea.Tasks, 0), (DataArea.Registry, 0));
        }

        private async Task<Model> ComputeAsync(DateOnly today, CancellationToken cancellationToken)
        {
            var open = calendar.OpenPeriodOn(today);
            var first = open;
            for (var i = 0; i < LookBackMonths; i++)
            {
                first = first.Previous;
            }

            var tasks = await db.Tasks.AsNoTracking().VisibleTo(user).FiledBy(user)
                .OrderBy(t => t.Code)
                .Select(t => new TaskInfo(t.Id, t.Code, t.Title, t.StartDate, t.Status, t.CompletedOn, t.PercentComplete))
                .ToListAsync(cancellationToken);
            var ids = tasks.Select(t => t.Id).ToList();
            var earliest = first.Previous;
            var reports = await db.Reports.AsNoTracking()
                .Where(r => ids.Contains(r.TaskId) && r.Period >= earliest && r.Period <= open)
                .Select(r => new { r.Id, r.TaskId, r.Period, r.Status, r.PercentComplete, r.ReviewComment })
                .ToListAsync(cancellationToken);
            var byKey = reports.ToDictionary(r => (r.TaskId, r.Period.Value));

            Row RowFor(TaskInfo t, YearMonth period)
            {
                byKey.TryGetValue((t.Id, period.Value), out var report);
                var cutOff = calendar.CutOffFor(period);
                return new Row(
                    t.Id, t.Code, t.Title, period, report?.Id, report?.Status, report?.PercentComplete, t.PercentComplete,
                    report?.Status == ReportStatus.Returned ? report.ReviewComment : null,
                    report is null && byKey.ContainsKey((t.Id, period.Previous.Value)),
                    cutOff,
                    cutOff.DayNumber - today.DayNumber);
            }

            var current = tasks.Where(t => ReportObligation.IsDue(t.StartDate, t.Status, t.CompletedOn, open))
                .Select(t => RowFor(t, open)).ToList();
            var outstanding = new List<Row>();
            for (var period = open.Previous; period >= first; period = period.Previous)
            {
                outstanding.AddRange(tasks.Where(t => ReportObligation.IsDue(t.StartDate, t.Status, t.CompletedOn, period))
                    .Select(t => RowFor(t, period))
                    .Where(r => r.Status is null or ReportStatus.Draft or ReportStatus.Returned));
            }

            // Led from the unit's cooperations (an index) rather than from the tasks: the scope's "leads or cooperates" is an OR
            // that no index answers, and scanning 100,000 tasks for it was the inbox's slowest query.
            var feedback = await (from c in db.TaskCooperations
                                  where c.UnitId == user.UnitId
                                  join t in db.Tasks.AsNoTracking().VisibleTo(user).CooperatedBy(user) on c.TaskId equals t.Id
                                  join u in db.Units on t.LeadUnitId equals u.Id
                                  orderby t.Code
                                  select new FeedbackRow(
                                      t.Id, t.Code, t.Title, u.Name,
                                      db.CooperationFeedback.Any(f => f.TaskId == t.Id && f.UnitId == user.UnitId && f.Period == open)))
                .ToListAsync(cancellationToken);

            var cut = calendar.CutOffFor(open);
            return new Model(open, cut, cut.DayNumber - today.DayNumber, current, outstanding, feedback);
        }
    }
}
