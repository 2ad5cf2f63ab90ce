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
/// Gathers what the ranking of one plan and month counts, in a fixed handful of set-based queries (the counted tasks with
/// their month's report, their milestones, earlier progress where needed, extensions, units, notices with their answers and
/// good-faith escalations, meeting items), and counts it with the pure <see cref="RankingCounting"/>: the board and the
/// drill-down share the one set of rules. The units ranked are the lead units of the plan's tasks.
/// </summary>
public static class RankingFacts
{
    public sealed class Handler(
        AppDbContext db, IServiceScopeFactory scopes, DistrictClock clock, ReportingCalendar calendar, IOptions<SupervisionSettings> settings)
    {
        /// <summary>
        /// Every unit's counts with the items behind them, named: for publishing (which stores the items) and, with
        /// <paramref name="unitId"/>, for one unit's drill-down.
        /// </summary>
        public async Task<IReadOnlyList<RankingCounting.UnitCount>> HandleAsync(int planId, YearMonth period, CancellationToken cancellationToken, int? unitId = null)
        {
            var records = (await GatherAsync(planId, period, period, unitId, everyTask: true, cancellationToken))[0];
            var planTasks = PlanTasks(db, planId, period, unitId);
            var taskNames = await planTasks.Select(t => new { t.Id, t.Code, t.Title }).ToDictionaryAsync(t => t.Id, cancellationToken);
            var judgedMilestoneIds = records.Milestones.Select(m => m.Id).ToList();
            var milestoneNames = await db.Milestones.AsNoTracking().Where(m => EF.Parameter(judgedMilestoneIds).Contains(m.Id))
                .Select(m => new { m.Id, m.Title }).ToDictionaryAsync(m => m.Id, m => m.Title, cancellationToken);
            return RankingCounting.Count(
                records.Month,
                records.Units,
                records.Tasks.Select(t => t with { Code = taskNames[t.Id].Code, Title = taskNames[t.Id].Title }),
                records.Milestones.Select(m => m with { Title = milestoneNames[m.Id] }),
                records.FirstSubmittedOn,
                records.Notices,
                records.Items);
        }

        /// <summary>Every unit's counts for the board, without the items' names. A test holds this and <see cref="HandleAsync"/> together.</summary>
        public async Task<IReadOnlyList<UnitMonthFacts>> CountAsync(int planId, YearMonth period, CancellationToken cancellationToken) =>
            Count((await GatherAsync(planId, period, period, null, everyTask: false, cancellationToken))[0]);

        /// <summary>
        /// The board's counts for a month and the month before it (for the change in rank), from one read of the plan's tasks and
        /// milestones. Only the tasks some component counts are read: neither suspended nor completed before the earlier month
        /// (see <see cref="ReportObligation"/> and <see cref="RankingCounting"/>), with no text.
        /// </summary>
        public async Task<(IReadOnlyList<UnitMonthFacts> Month, IReadOnlyList<UnitMonthFacts> Previous)> CountWithPreviousAsync(
            int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var records = await GatherAsync(planId, period.Previous, period, null, everyTask: false, cancellationToken);
            return (Count(records[1]), Count(records[0]));
        }

        private static List<UnitMonthFacts> Count(Records records) =>
            RankingCounting.Count(records.Month, records.Units, records.Tasks, records.Milestones, records.FirstSubmittedOn, records.Notices, records.Items, withDetails: false)
                .Select(c => c.Facts).ToList();

        /// <summary>The plan's tasks started by the month's end (of one lead unit, if given).</summary>
        private static IQueryable<ReformTask> PlanTasks(AppDbContext db, int planId, YearMonth period, int? unitId)
        {
            var lastDay = period.LastDay;
            var planTasks = db.Tasks.AsNoTracking().Where(t => t.PlanId == planId && t.StartDate <= lastDay);
            return unitId is { } only ? planTasks.Where(t => t.LeadUnitId == only) : planTasks;
        }

        /// <summary>The tasks read: those started by the later month's end that some component counts, or every one of them.</summary>
        private static IQueryable<ReformTask> CountedTasks(AppDbContext db, int planId, YearMonth from, YearMonth to, int? unitId, bool everyTask)
        {
            var earliest = from.FirstDay;
            var planTasks = PlanTasks(db, planId, to, unitId);
            return everyTask ? planTasks : planTasks.Where(t => t.Status != ReformTaskStatus.Suspended && (t.CompletedOn == null || t.CompletedOn >= earliest));
        }

        /// <summary>
        /// The records <paramref name="from"/> and <paramref name="to"/> (the same month, or two months in a row) are counted on.
        /// Tasks, milestones, reports and extensions are read once for both; units, notices and items per month. Of the milestones
        /// only the per-task numbers the trajectory needs are read, and the few that can be judged overdue. The milestones,
        /// extensions and the earlier month's notices are read on a second connection meanwhile.
        /// </summary>
        private async Task<List<Records>> GatherAsync(int planId, YearMonth from, YearMonth to, int? unitId, bool everyTask, CancellationToken cancellationToken)
        {
            if (to != from && to != from.Next)
            {
                throw new ArgumentOutOfRangeException(nameof(to), to, "The ranking is gathered for one month, or for two months in a row.");
            }

            // Reporting in the system began with its first report; months before it owe none.
            var reportingSince = await db.Reports.AsNoTracking().OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefaultAsync(cancellationToken);
            var tolerance = settings.Value.BehindTrajectoryTolerance;
            var first = new RankingMonth(from, clock.Today, calendar.CutOffFor(from), reportingSince, tolerance);
            var last = new RankingMonth(to, clock.Today, calendar.CutOffFor(to), reportingSince, tolerance);

            // SQLite's async calls complete synchronously, so the second connection's reads are started on a pool thread.
            var alongside = Task.Run(
                async () =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var other = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    var counted = CountedTasks(other, planId, from, to, unitId, everyTask);
                    var milestones = await MilestonesAsync(other, counted, first, last, cancellationToken);
                    var extensions = (await other.ExtensionRequests.AsNoTracking()
                            .Where(e => e.Status == ExtensionStatus.Approved && counted.Select(t => t.Id).Contains(e.TaskId))
                            .Select(e => new { e.TaskId, e.Id, e.WaiveForScoring }).ToListAsync(cancellationToken))
                        .GroupBy(e => e.TaskId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id)!.WaiveForScoring);
                    var earlierNotices = to == from ? default : await NoticesAndItemsAsync(other, planId, from, unitId, cancellationToken);
                    return (milestones, extensions, earlierNotices);
                },
                cancellationToken);

            var planTasks = PlanTasks(db, planId, to, unitId);
            var read = CountedTasks(db, planId, from, to, unitId, everyTask);
            var tasks = await read
                .Select(t => new { t.Id, t.LeadUnitId, t.StartDate, t.DueDate, t.OriginalDueDate, t.Status, t.CompletedOn, t.PercentComplete, t.LastReportedPeriod })
                .ToListAsync(cancellationToken);
            var reports = (await db.Reports.AsNoTracking()
                    .Where(r => r.Period >= from && r.Period <= to && read.Select(t => t.Id).Contains(r.TaskId))
                    .Select(r => new { r.TaskId, r.Period, r.Status, r.PercentComplete, r.FirstSubmittedAtUtc })
                    .ToListAsync(cancellationToken))
                .ToLookup(r => r.Period);
            // A unit is ranked in a month once one of its tasks in the plan has started (suspended or not).
            var units = await (
                    from u in db.Units.AsNoTracking()
                    join g in planTasks.GroupBy(t => t.LeadUnitId).Select(g => new { UnitId = g.Key, FirstStart = g.Min(t => t.StartDate) }) on u.Id equals g.UnitId
                    select new { Unit = new RankedUnit(u.Id, u.Name, u.Kind), g.FirstStart })
                .ToListAsync(cancellationToken);
            var lastNotices = await NoticesAndItemsAsync(db, planId, to, unitId, cancellationToken);
            var ((planned, milestones), extensions, firstNotices) = await alongside;

            var result = new List<Records>();
            foreach (var month in to == from ? [first] : new[] { first, last })
            {
                var period = month.Period;
                var firstDay = period.FirstDay;
                var lastDay = period.LastDay;
                var inMonth = tasks.Where(t => t.StartDate <= lastDay && (everyTask || t.CompletedOn is not { } done || done >= firstDay)).ToList();
                var monthReports = reports[period].ToDictionary(r => r.TaskId);

                // Progress at the month's end: the month's accepted report, else the task's own when it was last reported in or
                // before the month, else (a task reported since) the latest accepted report before the month.
                var percent = inMonth.ToDictionary(
                    t => t.Id,
                    t => monthReports.TryGetValue(t.Id, out var report) && report.Status == ReportStatus.Accepted ? report.PercentComplete
                        : t.LastReportedPeriod is { } lastReported && lastReported <= period ? t.PercentComplete : 0);
                var later = inMonth.Where(t => t.LastReportedPeriod is { } lastReported && lastReported > period
                        && !(monthReports.TryGetValue(t.Id, out var report) && report.Status == ReportStatus.Accepted))
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

                var (notices, items) = month == last ? lastNotices : firstNotices;
                result.Add(new Records(
                    month,
                    units.Where(u => u.FirstStart <= lastDay).Select(u => u.Unit).ToList(),
                    inMonth.Select(t => new RankingTask(
                        t.Id, string.Empty, string.Empty, t.LeadUnitId, t.StartDate, t.DueDate, t.OriginalDueDate, t.Status, t.CompletedOn, percent[t.Id],
                        extensions.TryGetValue(t.Id, out var waived) ? waived : null,
                        planned.TryGetValue(t.Id, out var p) ? (month == first ? p.ByFirst : p.ByLast) : default)).ToList(),
                    milestones,
                    monthReports.Values.Where(r => r.FirstSubmittedAtUtc is not null)
                        .ToDictionary(r => r.TaskId, r => (DateOnly?)DateOnly.FromDateTime(clock.ToLocal(r.FirstSubmittedAtUtc!.Value))),
                    notices,
                    items));
            }

            return result;
        }

        /// <summary>
        /// Per task, the trajectory's numbers for each of the two months; and the milestones that can be judged overdue in either.
        /// Milestones are filtered with IN rather than joined: SQLite then seeks them in task order, about four times faster.
        /// </summary>
        private static async Task<(Dictionary<int, (MilestonesPlanned ByFirst, MilestonesPlanned ByLast)> Planned, List<RankingMilestone> Judged)> MilestonesAsync(
            AppDbContext db, IQueryable<ReformTask> read, RankingMonth first, RankingMonth last, CancellationToken cancellationToken)
        {
            var (firstAsOf, lastAsOf, earliest) = (first.AsOf, last.AsOf, first.Period.FirstDay);
            var readMilestones = db.Milestones.AsNoTracking().Where(m => read.Select(t => t.Id).Contains(m.TaskId));
            var planned = await readMilestones
                .GroupBy(m => m.TaskId)
                .Select(g => new { TaskId = g.Key, Total = g.Count(), ByFirst = g.Count(m => m.PlannedDate <= firstAsOf), ByLast = g.Count(m => m.PlannedDate <= lastAsOf) })
                .ToDictionaryAsync(m => m.TaskId, m => (new MilestonesPlanned(m.Total, m.ByFirst), new MilestonesPlanned(m.Total, m.ByLast)), cancellationToken);
            // The same test as RankingMilestone.MayCount, so that only milestones that can be judged are read.
            var judged = await readMilestones
                .Where(m => m.PlannedDate <= lastAsOf && (m.DoneDate == null || m.DoneDate >= earliest))
                .Select(m => new RankingMilestone(m.TaskId, m.Id, string.Empty, m.PlannedDate, m.DoneDate))
                .ToListAsync(cancellationToken);
            return (planned, judged);
        }

        /// <summary>
        /// The month's notices and meeting items of the plan (a handful per unit, so they are counted in memory either way): items
        /// count for the plan when their meeting is the plan's, or an office's with tasks in the plan, or they chase a plan task.
        /// </summary>
        private async Task<(List<RankingNotice> Notices, List<RankingItem> Items)> NoticesAndItemsAsync(
            AppDbContext reader, int planId, YearMonth period, int? unitId, CancellationToken cancellationToken)
        {
            var first = period.FirstDay;
            var lastDay = period.LastDay;
            var planTasks = reader.Tasks.Where(t => t.PlanId == planId && t.StartDate <= lastDay);
            var planTaskIds = planTasks.Select(t => t.Id);
            var officeIds = planTasks.Select(t => t.OfficeId);
            var planItems = reader.MeetingItems.Where(i => (i.TaskId != null && planTaskIds.Contains(i.TaskId.Value))
                || reader.Meetings.Any(m => m.Id == i.MeetingId && (m.PlanId == planId || (m.OfficeId != null && officeIds.Contains(m.OfficeId.Value)))));
            var monthItems = planItems.AsNoTracking().Where(i => i.Deadline >= first && i.Deadline <= lastDay);
            var items = await (unitId is { } itemUnit ? monthItems.Where(i => i.AssigneeUnitId == itemUnit) : monthItems)
                .Select(i => new { i.Id, i.MeetingId, i.Content, i.AssigneeUnitId, i.Deadline, i.State, i.DoneAtUtc }).ToListAsync(cancellationToken);

            var monthNotices = reader.Notices.AsNoTracking()
                .Where(n => n.Deadline >= first && n.Deadline <= lastDay
                    && ((n.TaskId != null && planTaskIds.Contains(n.TaskId.Value)) || (n.MeetingItemId != null && planItems.Select(i => i.Id).Contains(n.MeetingItemId.Value))));
            var notices = await (unitId is { } noticeUnit ? monthNotices.Where(n => n.RecipientUnitId == noticeUnit) : monthNotices)
                .Select(n => new { n.Id, n.Kind, n.Year, n.Sequence, n.RecipientUnitId, n.Deadline, n.GoodFaith }).ToListAsync(cancellationToken);
            var noticeIds = notices.Select(n => n.Id).ToList();
            var firstAnswers = (await reader.NoticeResponses.AsNoTracking().Where(r => noticeIds.Contains(r.NoticeId))
                    .Select(r => new { r.NoticeId, r.RespondedAtUtc }).ToListAsync(cancellationToken))
                .GroupBy(r => r.NoticeId).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(clock.ToLocal(g.Min(r => r.RespondedAtUtc))));
            var forgivenOnEscalation = (await reader.NoticeEscalations.AsNoTracking().Where(e => e.GoodFaith && noticeIds.Contains(e.NoticeId))
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

    private sealed record Records(
        RankingMonth Month,
        List<RankedUnit> Units,
        List<RankingTask> Tasks,
        List<RankingMilestone> Milestones,
        Dictionary<int, DateOnly?> FirstSubmittedOn,
        List<RankingNotice> Notices,
        List<RankingItem> Items);
}
