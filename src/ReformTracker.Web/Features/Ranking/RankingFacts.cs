using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>
/// Gathers what the ranking of one plan and month counts, in a fixed handful of set-based queries (tasks, units, milestones,
/// the month's reports, earlier progress where needed, extensions, notices with their answers and good-faith escalations,
/// meeting items), and counts it with the pure <see cref="RankingCounting"/>. The units ranked are the lead units of the plan's tasks.
/// </summary>
public static class RankingFacts
{
    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, IOptions<SupervisionSettings> settings)
    {
        /// <summary>
        /// Every unit's counts with the items behind them, record by record in memory: for publishing (which stores the items)
        /// and, with <paramref name="unitId"/>, for one unit's drill-down. The board itself is counted in SQL by <see cref="CountAsync"/>.
        /// </summary>
        public async Task<IReadOnlyList<RankingCounting.UnitCount>> HandleAsync(int planId, YearMonth period, CancellationToken cancellationToken, int? unitId = null)
        {
            var month = await MonthAsync(period, cancellationToken);
            var lastDay = period.LastDay;
            var allPlanTasks = db.Tasks.Where(t => t.PlanId == planId && t.StartDate <= lastDay);
            var planTasks = unitId is { } only ? allPlanTasks.Where(t => t.LeadUnitId == only) : allPlanTasks;
            var planTaskIds = planTasks.Select(t => t.Id);

            var tasks = await planTasks.AsNoTracking()
                .Select(t => new
                {
                    t.Id, t.Code, t.Title, t.LeadUnitId, t.OfficeId, t.StartDate, t.DueDate, t.OriginalDueDate, t.Status, t.CompletedOn,
                    t.PercentComplete, t.LastReportedPeriod,
                })
                .ToListAsync(cancellationToken);
            var units = await db.Units.AsNoTracking().Where(u => planTasks.Select(t => t.LeadUnitId).Contains(u.Id))
                .Select(u => new RankedUnit(u.Id, u.Name, u.Kind)).ToListAsync(cancellationToken);
            var milestones = await db.Milestones.AsNoTracking().Where(m => planTaskIds.Contains(m.TaskId))
                .Select(m => new RankingMilestone(m.TaskId, m.Id, m.Title, m.PlannedDate, m.DoneDate)).ToListAsync(cancellationToken);
            var reports = await db.Reports.AsNoTracking().Where(r => r.Period == period && planTaskIds.Contains(r.TaskId))
                .Select(r => new { r.TaskId, r.Status, r.PercentComplete, r.FirstSubmittedAtUtc }).ToListAsync(cancellationToken);

            // Progress at the month's end: the task's own when it was last reported in or before the month, else the latest
            // accepted report up to the month (only for tasks reported since, so the usual current month needs no extra rows).
            var percent = tasks.ToDictionary(t => t.Id, t => t.LastReportedPeriod is { } last && last <= period ? t.PercentComplete : 0);
            foreach (var accepted in reports.Where(r => r.Status == ReportStatus.Accepted))
            {
                percent[accepted.TaskId] = accepted.PercentComplete;
            }

            var acceptedInMonth = reports.Where(r => r.Status == ReportStatus.Accepted).Select(r => r.TaskId).ToHashSet();
            var later = tasks.Where(t => t.LastReportedPeriod is { } last && last > period && !acceptedInMonth.Contains(t.Id))
                .Select(t => t.Id).ToList();
            if (later.Count > 0)
            {
                var earlier = await db.Reports.AsNoTracking()
                    .Where(r => later.Contains(r.TaskId) && r.Status == ReportStatus.Accepted && r.Period < period)
                    .Select(r => new { r.TaskId, r.Period, r.PercentComplete }).ToListAsync(cancellationToken);
                foreach (var latest in earlier.GroupBy(r => r.TaskId).Select(g => g.MaxBy(r => r.Period)!))
                {
                    percent[latest.TaskId] = latest.PercentComplete;
                }
            }

            var extensions = (await db.ExtensionRequests.AsNoTracking()
                    .Where(e => e.Status == ExtensionStatus.Approved && planTaskIds.Contains(e.TaskId))
                    .Select(e => new { e.TaskId, e.Id, e.WaiveForScoring }).ToListAsync(cancellationToken))
                .GroupBy(e => e.TaskId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id)!.WaiveForScoring);

            // Meeting items count for the plan when their meeting is the plan's, or an office's with tasks in the plan, or they chase a plan task.
            var (notices, items) = await NoticesAndItemsAsync(planId, period, unitId, cancellationToken);
            return RankingCounting.Count(
                month,
                units,
                tasks.Select(t => new RankingTask(
                    t.Id, t.Code, t.Title, t.LeadUnitId, t.StartDate, t.DueDate, t.OriginalDueDate, t.Status, t.CompletedOn, percent[t.Id],
                    extensions.TryGetValue(t.Id, out var waived) ? waived : null)),
                milestones,
                reports.ToDictionary(r => r.TaskId, r => r.FirstSubmittedAtUtc is { } at ? DateOnly.FromDateTime(clock.ToLocal(at)) : (DateOnly?)null),
                notices,
                items);
        }

        /// <summary>
        /// Every unit's counts for the board, without the items behind them. The task components are summed per lead unit in the
        /// database (one query over the tasks with their month's report and milestone counts, one over their milestones), so no
        /// task row leaves it. The few tasks that need more than a sum are judged in memory exactly as <see cref="HandleAsync"/>
        /// does: those with an approved extension (which due date counts), with fewer than two milestones (planned progress is a
        /// straight line in days) or reported after the month (progress then is an earlier report's). Notices and items are few.
        /// A test holds this and <see cref="HandleAsync"/> together.
        /// </summary>
        public async Task<IReadOnlyList<UnitMonthFacts>> CountAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var month = await MonthAsync(period, cancellationToken);
            var first = period.FirstDay;
            var last = period.LastDay;
            var asOf = month.AsOf;
            var tolerance = month.TrajectoryTolerance;
            var reportsOwed = month.ReportingSince is not { } since || period >= since;
            var afterCutOff = month.Today > month.CutOff;
            // Submitted on or before the cut-off day in the district = before the next day's local midnight, in UTC.
            var onTimeBeforeUtc = TimeZoneInfo.ConvertTimeToUtc(month.CutOff.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), clock.Zone);

            var planTasks = db.Tasks.AsNoTracking().Where(t => t.PlanId == planId && t.StartDate <= last);
            var counted = planTasks.Where(t => t.Status != ReformTaskStatus.Suspended && (t.CompletedOn == null || t.CompletedOn >= first));
            var tasks =
                from t in counted
                from r in db.Reports.Where(r => r.TaskId == t.Id && r.Period == period).DefaultIfEmpty()
                select new TaskInMonth
                {
                    LeadUnitId = t.LeadUnitId,
                    StartDate = t.StartDate,
                    DueDate = t.DueDate,
                    CompletedOn = t.CompletedOn,
                    FirstSubmittedAtUtc = r == null ? null : r.FirstSubmittedAtUtc,
                    // Progress at the month's end, as HandleAsync reads it: the month's accepted report, else the task's own when
                    // last reported by then; a task reported after the month needs the latest accepted report before it.
                    PercentKnown = (r != null && r.Status == ReportStatus.Accepted) || t.LastReportedPeriod == null || t.LastReportedPeriod <= period,
                    Percent = r != null && r.Status == ReportStatus.Accepted ? r.PercentComplete
                        : t.LastReportedPeriod == null ? 0
                        : t.LastReportedPeriod <= period ? t.PercentComplete
                        : 0,
                    EarlierPercent = db.Reports.Where(e => e.TaskId == t.Id && e.Status == ReportStatus.Accepted && e.Period < period)
                        .OrderByDescending(e => e.Period).Select(e => (int?)e.PercentComplete).FirstOrDefault(),
                    Milestones = db.Milestones.Count(m => m.TaskId == t.Id),
                    MilestonesPlanned = db.Milestones.Count(m => m.TaskId == t.Id && m.PlannedDate <= asOf),
                };

            var perTask = await tasks
                .Select(t => new
                {
                    t.LeadUnitId,
                    ReportDue = reportsOwed && (t.FirstSubmittedAtUtc != null || afterCutOff) ? 1 : 0,
                    ReportOnTime = reportsOwed && t.FirstSubmittedAtUtc < onTimeBeforeUtc ? 1 : 0,
                    Judged = t.StartDate <= asOf ? 1 : 0,
                    // On trajectory: completed, just started, or the share k/n of milestones planned by now, rounded half to even
                    // as Math.Round does, is within the tolerance p: round(100k/n) <= p  <=>  200k + (p mod 2) <= (2p + 1)n.
                    OnTrack = t.StartDate <= asOf && (t.CompletedOn <= asOf || t.StartDate == asOf || (t.PercentKnown && t.Milestones >= 2
                        && (200 * t.MilestonesPlanned) + ((t.Percent + tolerance) % 2) <= ((2 * (t.Percent + tolerance)) + 1) * t.Milestones)) ? 1 : 0,
                })
                .GroupBy(t => t.LeadUnitId)
                .Select(g => new
                {
                    UnitId = g.Key,
                    ReportsDue = g.Sum(t => t.ReportDue),
                    ReportsOnTime = g.Sum(t => t.ReportOnTime),
                    Judged = g.Sum(t => t.Judged),
                    OnTrack = g.Sum(t => t.OnTrack),
                })
                .ToDictionaryAsync(x => x.UnitId, cancellationToken);

            var irregular = await tasks
                .Where(t => t.StartDate < asOf && !(t.CompletedOn <= asOf) && (t.Milestones < 2 || !t.PercentKnown))
                .Select(t => new { t.LeadUnitId, t.StartDate, t.DueDate, t.PercentKnown, t.Percent, t.EarlierPercent, t.Milestones, t.MilestonesPlanned })
                .ToListAsync(cancellationToken);
            var irregularOnTrack = irregular
                .Where(t =>
                {
                    var percent = t.PercentKnown ? t.Percent : t.EarlierPercent ?? 0;
                    var expected = t.Milestones >= 2
                        ? (int)Math.Round(100.0 * t.MilestonesPlanned / t.Milestones)
                        : SupervisionRules.ExpectedPercent(
                            new TaskFacts(0, t.StartDate, t.DueDate, ReformTaskStatus.InProgress, null, percent, [], [], new Dictionary<YearMonth, ReportState>(), []), asOf);
                    return percent + tolerance >= expected;
                })
                .GroupBy(t => t.LeadUnitId).ToDictionary(g => g.Key, g => g.Count());

            // Due dates of tasks without an approved extension (judged against the original date, if the task has one).
            var approved = db.ExtensionRequests.Where(e => e.Status == ExtensionStatus.Approved).Select(e => e.TaskId);
            var dueDates = await counted
                .Where(t => !approved.Contains(t.Id))
                .Select(t => new
                {
                    t.LeadUnitId,
                    Met = t.CompletedOn != null && t.CompletedOn <= (t.OriginalDueDate ?? t.DueDate) && (t.OriginalDueDate ?? t.DueDate) <= asOf ? 1 : 0,
                    Missed = (t.OriginalDueDate ?? t.DueDate) < asOf && (t.CompletedOn == null || t.CompletedOn > (t.OriginalDueDate ?? t.DueDate)) ? 1 : 0,
                })
                .GroupBy(t => t.LeadUnitId)
                .Select(g => new { UnitId = g.Key, Due = g.Sum(t => t.Met + t.Missed), Overdue = g.Sum(t => t.Missed) })
                .ToDictionaryAsync(x => x.UnitId, cancellationToken);
            var extended = (await counted
                    .Where(t => approved.Contains(t.Id))
                    .Select(t => new
                    {
                        t.Id, t.LeadUnitId, t.DueDate, t.OriginalDueDate, t.CompletedOn,
                        Waived = db.ExtensionRequests.Where(e => e.TaskId == t.Id && e.Status == ExtensionStatus.Approved)
                            .OrderByDescending(e => e.Id).Select(e => e.WaiveForScoring).FirstOrDefault(),
                    })
                    .ToListAsync(cancellationToken))
                .Select(t => new RankingTask(t.Id, string.Empty, string.Empty, t.LeadUnitId, first, t.DueDate, t.OriginalDueDate, ReformTaskStatus.InProgress, t.CompletedOn, 0, t.Waived))
                .ToList();

            var milestones = await (
                    from m in db.Milestones.AsNoTracking()
                    join t in counted on m.TaskId equals t.Id
                    where m.DoneDate == null || m.DoneDate >= first
                    select new
                    {
                        t.LeadUnitId,
                        Met = m.DoneDate <= m.PlannedDate && m.PlannedDate <= asOf ? 1 : 0,
                        Missed = m.PlannedDate < asOf && (m.DoneDate == null || m.DoneDate > m.PlannedDate) ? 1 : 0,
                    })
                .GroupBy(m => m.LeadUnitId)
                .Select(g => new { UnitId = g.Key, Due = g.Sum(m => m.Met + m.Missed), Overdue = g.Sum(m => m.Missed) })
                .ToDictionaryAsync(x => x.UnitId, cancellationToken);

            var units = await db.Units.AsNoTracking()
                .Where(u => planTasks.Select(t => t.LeadUnitId).Contains(u.Id))
                .Select(u => new RankedUnit(u.Id, u.Name, u.Kind)).ToListAsync(cancellationToken);
            var (notices, items) = await NoticesAndItemsAsync(planId, period, null, cancellationToken);
            // The in-memory counting of the extended tasks (their due dates only: no milestones, no reports), notices and items.
            var rest = RankingCounting.Count(month with { ReportingSince = period.Next }, units, extended, [], new Dictionary<int, DateOnly?>(), notices, items)
                .ToDictionary(c => c.Facts.UnitId, c => c.Facts);

            return units.Select(u =>
            {
                var task = perTask.GetValueOrDefault(u.Id);
                var due = dueDates.GetValueOrDefault(u.Id);
                var milestone = milestones.GetValueOrDefault(u.Id);
                var other = rest[u.Id];
                return other with
                {
                    ReportsDue = task?.ReportsDue ?? 0,
                    ReportsOnTime = task?.ReportsOnTime ?? 0,
                    TasksJudged = task?.Judged ?? 0,
                    TasksOnTrajectory = (task?.OnTrack ?? 0) + irregularOnTrack.GetValueOrDefault(u.Id),
                    TasksAndMilestonesDue = other.TasksAndMilestonesDue + (due?.Due ?? 0) + (milestone?.Due ?? 0),
                    TasksAndMilestonesOverdue = other.TasksAndMilestonesOverdue + (due?.Overdue ?? 0) + (milestone?.Overdue ?? 0),
                };
            }).ToList();
        }

        private async Task<RankingMonth> MonthAsync(YearMonth period, CancellationToken cancellationToken) =>
            new(
                period, clock.Today, calendar.CutOffFor(period),
                await db.Reports.AsNoTracking().OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefaultAsync(cancellationToken),
                settings.Value.BehindTrajectoryTolerance);

        /// <summary>
        /// The month's notices and meeting items of the plan (a handful per unit, so they are counted in memory either way): items
        /// count for the plan when their meeting is the plan's, or an office's with tasks in the plan, or they chase a plan task.
        /// </summary>
        private async Task<(List<RankingNotice> Notices, List<RankingItem> Items)> NoticesAndItemsAsync(
            int planId, YearMonth period, int? unitId, CancellationToken cancellationToken)
        {
            var first = period.FirstDay;
            var lastDay = period.LastDay;
            var planTasks = db.Tasks.Where(t => t.PlanId == planId && t.StartDate <= lastDay);
            var planTaskIds = planTasks.Select(t => t.Id);
            var officeIds = planTasks.Select(t => t.OfficeId);
            var planItems = db.MeetingItems.Where(i => (i.TaskId != null && planTaskIds.Contains(i.TaskId.Value))
                || db.Meetings.Any(m => m.Id == i.MeetingId && (m.PlanId == planId || (m.OfficeId != null && officeIds.Contains(m.OfficeId.Value)))));
            var monthItems = planItems.AsNoTracking().Where(i => i.Deadline >= first && i.Deadline <= lastDay);
            var items = await (unitId is { } itemUnit ? monthItems.Where(i => i.AssigneeUnitId == itemUnit) : monthItems)
                .Select(i => new { i.Id, i.MeetingId, i.Content, i.AssigneeUnitId, i.Deadline, i.State, i.DoneAtUtc }).ToListAsync(cancellationToken);

            var monthNotices = db.Notices.AsNoTracking()
                .Where(n => n.Deadline >= first && n.Deadline <= lastDay
                    && ((n.TaskId != null && planTaskIds.Contains(n.TaskId.Value)) || (n.MeetingItemId != null && planItems.Select(i => i.Id).Contains(n.MeetingItemId.Value))));
            var notices = await (unitId is { } noticeUnit ? monthNotices.Where(n => n.RecipientUnitId == noticeUnit) : monthNotices)
                .Select(n => new { n.Id, n.Kind, n.Year, n.Sequence, n.RecipientUnitId, n.Deadline, n.GoodFaith }).ToListAsync(cancellationToken);
            var noticeIds = notices.Select(n => n.Id).ToList();
            var firstAnswers = (await db.NoticeResponses.AsNoTracking().Where(r => noticeIds.Contains(r.NoticeId))
                    .Select(r => new { r.NoticeId, r.RespondedAtUtc }).ToListAsync(cancellationToken))
                .GroupBy(r => r.NoticeId).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(clock.ToLocal(g.Min(r => r.RespondedAtUtc))));
            var forgivenOnEscalation = (await db.NoticeEscalations.AsNoTracking().Where(e => e.GoodFaith && noticeIds.Contains(e.NoticeId))
                .Select(e => e.NoticeId).ToListAsync(cancellationToken)).ToHashSet();

            return (
                notices.Select(n => new RankingNotice(
                    n.Id, NoticeNumbering.Format(n.Kind, n.Year, n.Sequence), n.RecipientUnitId, n.Deadline,
                    firstAnswers.TryGetValue(n.Id, out var answered) ? answered : null, n.GoodFaith || forgivenOnEscalation.Contains(n.Id))).ToList(),
                items.Select(i => new RankingItem(
                    i.Id, i.MeetingId, i.Content, i.AssigneeUnitId, i.Deadline,
                    i.State == Domain.Meetings.MeetingItemState.Done && i.DoneAtUtc is { } done ? DateOnly.FromDateTime(clock.ToLocal(done)) : null)).ToList());
        }
    }

    /// <summary>A task as the SQL counting of one month sees it (never materialised as such: it only shapes the query).</summary>
    private sealed class TaskInMonth
    {
        public int LeadUnitId { get; init; }

        public DateOnly StartDate { get; init; }

        public DateOnly DueDate { get; init; }

        public DateOnly? CompletedOn { get; init; }

        public DateTime? FirstSubmittedAtUtc { get; init; }

        public bool PercentKnown { get; init; }

        public int Percent { get; init; }

        public int? EarlierPercent { get; init; }

        public int Milestones { get; init; }

        public int MilestonesPlanned { get; init; }
    }
}
