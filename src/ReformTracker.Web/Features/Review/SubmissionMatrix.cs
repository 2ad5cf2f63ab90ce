using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

/// <summary>报送情况: lead units × recent months, each cell summarising the unit's due reports for that month.</summary>
public static class SubmissionMatrix
{
    public const int DefaultMonths = 6;
    public const int MinMonths = 3;
    public const int MaxMonths = 12;

    public sealed class Query
    {
        public int? Plan { get; set; }

        public int? Months { get; set; }

        public int EffectiveMonths => Months is { } months ? Math.Clamp(months, MinMonths, MaxMonths) : DefaultMonths;
    }

    /// <summary>The cell's one-word state, worst first: what needs chasing outranks what is merely pending.</summary>
    public enum CellState
    {
        NothingDue,
        Overdue,
        Returned,
        AwaitingReview,
        NotYetDue,
        Late,
        Accepted,
    }

    /// <summary>One due task in a cell: its report's status (null: nothing filed) and whether it was first filed by the cut-off.</summary>
    public sealed record TaskLine(int TaskId, string Code, string Title, ReportStatus? Status, bool? OnTime);

    public sealed record Cell(
        YearMonth Period,
        int Due,
        int Accepted,
        int Submitted,
        int Returned,
        int Draft,
        int Missing,
        int OnTime,
        int Late,
        CellState State,
        IReadOnlyList<TaskLine> Tasks)
    {
        public int Filed => Accepted + Submitted + Returned;
    }

    public sealed record Row(int UnitId, string UnitName, UnitKind Kind, IReadOnlyList<Cell> Cells);

    public sealed record Column(YearMonth Period, DateOnly CutOff, bool IsOpen);

    public sealed record Model(
        Query Query,
        DateOnly Today,
        IReadOnlyList<Column> Columns,
        IReadOnlyList<Row> Rows,
        IReadOnlyList<Option> Plans);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var today = clock.Today;
            var open = calendar.OpenPeriodOn(today);
            var periods = Enumerable.Range(0, query.EffectiveMonths)
                .Select(back => Back(open, back))
                .Reverse()
                .ToList();
            var columns = periods.Select(p => new Column(p, calendar.CutOffFor(p), p == open)).ToList();

            var visible = db.Tasks.AsNoTracking().VisibleTo(user);
            if (query.Plan is { } plan)
            {
                visible = visible.Where(t => t.PlanId == plan);
            }

            var tasks = await visible
                .Select(t => new { t.Id, t.Code, t.Title, t.LeadUnitId, t.StartDate, t.Status, t.CompletedOn })
                .ToListAsync(cancellationToken);

            // SQLite cannot aggregate the UTC instants: load the few columns for these months in one query and count in memory.
            var reports = await (from r in db.Reports
                                 join t in visible on r.TaskId equals t.Id
                                 where periods.Contains(r.Period)
                                 select new { r.TaskId, r.Period, r.Status, r.FirstSubmittedAtUtc })
                .ToListAsync(cancellationToken);
            var byTaskAndPeriod = reports.ToDictionary(r => (r.TaskId, r.Period));

            var unitIds = tasks.Select(t => t.LeadUnitId).Distinct().ToList();
            var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Name, u.Kind, u.SortOrder })
                .ToListAsync(cancellationToken);

            var rows = units
                .OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Name, StringComparer.Ordinal)
                .Select(unit =>
                {
                    var own = tasks.Where(t => t.LeadUnitId == unit.Id).OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
                    var cells = columns.Select(column =>
                    {
                        var lines = own
                            .Where(t => ReportObligation.IsDue(t.StartDate, t.Status, t.CompletedOn, column.Period))
                            .Select(t =>
                            {
                                var report = byTaskAndPeriod.GetValueOrDefault((t.Id, column.Period));
                                bool? onTime = report?.FirstSubmittedAtUtc is { } first && report.Status != ReportStatus.Draft
                                    ? DateOnly.FromDateTime(clock.ToLocal(first)) <= column.CutOff
                                    : null;
                                return new TaskLine(t.Id, t.Code, t.Title, report?.Status, onTime);
                            })
                            .ToList();
                        return Summarise(column, lines, today);
                    }).ToList();
                    return new Row(unit.Id, unit.Name, unit.Kind, cells);
                })
                .ToList();

            var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.StartYear).ThenBy(p => p.Name)
                .Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken);
            return new Model(query, today, columns, rows, plans);
        }

        private static YearMonth Back(YearMonth period, int months)
        {
            for (var i = 0; i < months; i++)
            {
                period = period.Previous;
            }

            return period;
        }
    }

    /// <summary>A draft that was never submitted counts as not filed: nobody has sent anything for that task yet.</summary>
    public static Cell Summarise(Column column, IReadOnlyList<TaskLine> lines, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(lines);
        var accepted = lines.Count(l => l.Status == ReportStatus.Accepted);
        var submitted = lines.Count(l => l.Status == ReportStatus.Submitted);
        var returned = lines.Count(l => l.Status == ReportStatus.Returned);
        var draft = lines.Count(l => l.Status == ReportStatus.Draft);
        var missing = lines.Count(l => l.Status is null);
        var onTime = lines.Count(l => l.OnTime == true);
        var late = lines.Count(l => l.OnTime == false);
        var unfiled = draft + missing;
        var state = lines.Count switch
        {
            0 => CellState.NothingDue,
            _ when unfiled > 0 && today > column.CutOff => CellState.Overdue,
            _ when returned > 0 => CellState.Returned,
            _ when submitted > 0 => CellState.AwaitingReview,
            _ when unfiled > 0 => CellState.NotYetDue,
            _ when late > 0 => CellState.Late,
            _ => CellState.Accepted,
        };
        return new Cell(column.Period, lines.Count, accepted, submitted, returned, draft, missing, onTime, late, state, lines);
    }

    public static string Label(this CellState state) => state switch
    {
        CellState.Accepted => "已通过",
        CellState.AwaitingReview => "待审核",
        CellState.Returned => "被退回",
        CellState.Overdue => "逾期未报",
        CellState.NotYetDue => "未到期",
        CellState.Late => "迟报",
        _ => "无应报",
    };

    public static string CssClass(this CellState state) => state switch
    {
        CellState.Accepted => "matrix-accepted",
        CellState.AwaitingReview => "matrix-awaiting",
        CellState.Returned => "matrix-returned",
        CellState.Overdue => "matrix-overdue",
        CellState.NotYetDue => "matrix-not-due",
        CellState.Late => "matrix-late",
        _ => "matrix-none",
    };

    public static string Explanation(this CellState state) => state switch
    {
        CellState.Accepted => "应报月报全部按时报送并已通过",
        CellState.AwaitingReview => "已报送，等待专项办审核",
        CellState.Returned => "有月报被退回，待单位修改后重报",
        CellState.Overdue => "已过截止日仍有月报未报送",
        CellState.NotYetDue => "尚有月报未报送，但未到截止日",
        CellState.Late => "全部通过，但有月报在截止日后才报送",
        _ => "本月没有应报的任务",
    };
}
