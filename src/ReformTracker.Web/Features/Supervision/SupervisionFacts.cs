using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Features.Supervision;

/// <summary>
/// Gathers what <see cref="SupervisionRules.Judge"/> reads, summarised by the database instead of reading every report:
/// per task the filed months (first, last and how many: a run without gaps needs nothing more), the latest two accepted
/// reports and the overdue measures of the latest filed report. Tasks the rules do not judge (finished, suspended, not
/// yet started) get no reports or milestones.
/// </summary>
public static class SupervisionFacts
{
    /// <param name="alongside">
    /// A second context on a connection of its own: when given, the milestones, problems and unjudged tasks are read on it
    /// while the report summaries are read on <paramref name="db"/>, so a full evaluation uses two cores.
    /// </param>
    public static async Task<List<TaskFacts>> LoadAsync(
        AppDbContext db, IReadOnlyCollection<int>? only, DateOnly today, CancellationToken cancellationToken, AppDbContext? alongside = null)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Reporting in the system began with its first report; a programme adopted mid-year owes nothing before that.
        var reportingSince = await db.Reports.AsNoTracking().OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefaultAsync(cancellationToken);
        // SQLite's async calls complete synchronously, so the second context's reads are started on a pool thread.
        var rest = alongside is null ? null : Task.Run(() => OtherFactsAsync(alongside, only, today, cancellationToken), cancellationToken);
        var summaries = await SummariesAsync(db, only, today, cancellationToken);
        var unjudged = await UnjudgedAsync(db, only, today, reportingSince, cancellationToken);
        var (planned, milestones, problems) = await (rest ?? OtherFactsAsync(db, only, today, cancellationToken));

        // Months filed with a gap between them are rare: only those tasks' filed months are read one by one.
        var withGaps = summaries.Where(s => s.HasGaps).Select(s => s.Id).ToList();
        var filedWithGaps = (await db.Reports.Where(r => r.FirstSubmittedAtUtc != null && EF.Parameter(withGaps).Contains(r.TaskId))
                .Select(r => new { r.TaskId, r.Period }).ToListAsync(cancellationToken))
            .ToLookup(r => r.TaskId, r => r.Period);

        var openProblems = problems.ToLookup(p => p.TaskId, p => p.Fact);

        return summaries.Select(s => new TaskFacts(
                s.Id, s.StartDate, s.DueDate, s.Status, s.CompletedOn, s.PercentComplete,
                milestones[s.Id].ToList(),
                s.LatestAccepted(),
                s.FiledMonths(filedWithGaps),
                openProblems[s.Id].ToList(),
                reportingSince,
                planned.GetValueOrDefault(s.Id)))
            .Concat(unjudged)
            .ToList();
    }

    /// <summary>The test <see cref="SupervisionRules.Judge"/> starts with: it looks no further at the other tasks.</summary>
    private static IQueryable<ReformTask> Judged(AppDbContext db, IReadOnlyCollection<int>? only, DateOnly today) =>
        Selected(db, only).Where(t => t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended && t.StartDate <= today);

    private static IQueryable<ReformTask> Selected(AppDbContext db, IReadOnlyCollection<int>? only) =>
        db.Tasks.AsNoTracking().Where(t => only == null || only.Contains(t.Id));

    /// <summary>
    /// Per judged task: the filed months (first, last and how many) and the latest two accepted reports. The tasks are read in
    /// id order so that SQLite walks the tasks table by row id and seeks each task's reports next to the previous task's:
    /// more than twice as fast as in the order of an index on other columns.
    /// </summary>
    private static Task<List<Summary>> SummariesAsync(AppDbContext db, IReadOnlyCollection<int>? only, DateOnly today, CancellationToken cancellationToken)
    {
        var filed = db.Reports.Where(r => r.FirstSubmittedAtUtc != null);
        var accepted = db.Reports.Where(r => r.Status == ReportStatus.Accepted);
        return Judged(db, only, today).OrderBy(t => t.Id).Select(t => new Summary(
                t.Id, t.StartDate, t.DueDate, t.Status, t.CompletedOn, t.PercentComplete,
                filed.Count(r => r.TaskId == t.Id),
                filed.Where(r => r.TaskId == t.Id).OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefault(),
                filed.Where(r => r.TaskId == t.Id).OrderByDescending(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefault(),
                accepted.Where(r => r.TaskId == t.Id).OrderByDescending(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefault(),
                accepted.Where(r => r.TaskId == t.Id).OrderByDescending(r => r.Period).Select(r => (int?)r.PercentComplete).FirstOrDefault(),
                accepted.Where(r => r.TaskId == t.Id).OrderByDescending(r => r.Period).Skip(1).Select(r => (YearMonth?)r.Period).FirstOrDefault(),
                accepted.Where(r => r.TaskId == t.Id).OrderByDescending(r => r.Period).Skip(1).Select(r => (int?)r.PercentComplete).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The judged tasks' milestone counts (how many, how many planned by today), their milestones still open past the planned
    /// date (the only ones the rules name, so the only ones read), and the overdue measures of their latest filed reports.
    /// Milestones are filtered with IN rather than EXISTS, so SQLite seeks them in task order.
    /// </summary>
    private static async Task<(Dictionary<int, MilestonesPlanned> Planned, ILookup<int, MilestoneFact> Milestones, List<(int TaskId, ProblemFact Fact)> Problems)> OtherFactsAsync(
        AppDbContext db, IReadOnlyCollection<int>? only, DateOnly today, CancellationToken cancellationToken)
    {
        var judged = Judged(db, only, today);
        var judgedMilestones = db.Milestones.AsNoTracking().Where(m => judged.Select(t => t.Id).Contains(m.TaskId));
        var planned = await judgedMilestones.GroupBy(m => m.TaskId)
            .Select(g => new { TaskId = g.Key, Total = g.Count(), ByToday = g.Count(m => m.PlannedDate <= today) })
            .ToDictionaryAsync(g => g.TaskId, g => new MilestonesPlanned(g.Total, g.ByToday), cancellationToken);
        var milestones = (await judgedMilestones.Where(m => m.DoneDate == null && m.PlannedDate < today)
                .Select(m => new { m.TaskId, Fact = new MilestoneFact(m.Id, m.Title, m.PlannedDate, m.DoneDate) })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.TaskId, m => m.Fact);

        // Open problems are those of each task's latest filed report whose measure is not yet resolved.
        var problems = (await (
                    from p in db.ReportProblems.AsNoTracking()
                    join r in db.Reports on p.ReportId equals r.Id
                    where p.ResolvedOn == null && p.ResolveBy != null && p.ResolveBy < today && r.FirstSubmittedAtUtc != null
                        && judged.Select(t => t.Id).Contains(r.TaskId)
                        && !db.Reports.Any(later => later.TaskId == r.TaskId && later.Period > r.Period && later.FirstSubmittedAtUtc != null)
                    select new { r.TaskId, Fact = new ProblemFact(p.Id, p.Description, p.Measure, p.ResolveBy!.Value) })
                .ToListAsync(cancellationToken))
            .Select(p => (p.TaskId, p.Fact)).ToList();

        return (planned, milestones, problems);
    }

    /// <summary>The tasks the rules do not judge, with nothing but their own facts (read after the summaries, which take less time than the rest).</summary>
    private static Task<List<TaskFacts>> UnjudgedAsync(
        AppDbContext db, IReadOnlyCollection<int>? only, DateOnly today, YearMonth? reportingSince, CancellationToken cancellationToken) =>
        Selected(db, only).Where(t => !(t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended && t.StartDate <= today))
            .Select(t => new TaskFacts(t.Id, t.StartDate, t.DueDate, t.Status, t.CompletedOn, t.PercentComplete, Array.Empty<MilestoneFact>(),
                Array.Empty<AcceptedPercent>(), new Dictionary<YearMonth, ReportState>(), Array.Empty<ProblemFact>(), reportingSince))
            .ToListAsync(cancellationToken);

    private sealed record Summary(
        int Id,
        DateOnly StartDate,
        DateOnly DueDate,
        ReformTaskStatus Status,
        DateOnly? CompletedOn,
        int PercentComplete,
        int FiledCount,
        YearMonth? FirstFiled,
        YearMonth? LastFiled,
        YearMonth? LastAcceptedPeriod,
        int? LastAcceptedPercent,
        YearMonth? PreviousAcceptedPeriod,
        int? PreviousAcceptedPercent)
    {
        public bool HasGaps => FirstFiled is { } first && LastFiled is { } last && first.MonthsUntil(last) + 1 != FiledCount;

        /// <summary>The rules compare no more than the latest two accepted reports.</summary>
        public AcceptedPercent[] LatestAccepted() =>
            (LastAcceptedPeriod, LastAcceptedPercent, PreviousAcceptedPeriod, PreviousAcceptedPercent) switch
            {
                ({ } last, { } lastPercent, { } previous, { } previousPercent) => [new(last, lastPercent), new(previous, previousPercent)],
                ({ } last, { } lastPercent, _, _) => [new(last, lastPercent)],
                _ => [],
            };

        /// <summary>Only filed months are listed: a month missing from the map was not filed.</summary>
        public Dictionary<YearMonth, ReportState> FiledMonths(ILookup<int, YearMonth> filedWithGaps)
        {
            var months = new Dictionary<YearMonth, ReportState>(FiledCount);
            if (HasGaps)
            {
                foreach (var period in filedWithGaps[Id])
                {
                    months[period] = ReportState.Filed;
                }
            }
            else if (FirstFiled is { } first && LastFiled is { } last)
            {
                for (var period = first; period <= last; period = period.Next)
                {
                    months[period] = ReportState.Filed;
                }
            }

            return months;
        }
    }
}
