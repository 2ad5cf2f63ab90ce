using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Features.Tasks;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Dashboard;

/// <summary>挂图作战: tasks as bars from start to due date with their milestones and a today line, drawn on the server so it prints.</summary>
public static class BattleMap
{
    /// <summary>A wall chart beyond this many rows is unreadable; the page asks for a narrower filter.</summary>
    public const int MaxRows = 300;

    public sealed class Query
    {
        public int? Plan { get; set; }

        public int? Area { get; set; }

        public int? Office { get; set; }

        public int? Unit { get; set; }

        public Light? Light { get; set; }

        /// <summary>A3 (default) or A4, both landscape.</summary>
        public string? Paper { get; set; }

        public bool IsA4 => string.Equals(Paper, "A4", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Positions are percentages of the timeline's width, ready for SVG attributes.</summary>
    public sealed record MilestoneMark(string Title, DateOnly PlannedDate, DateOnly? DoneDate, MilestoneState State, double X);

    public sealed record Bar(
        int Id,
        string Code,
        string Title,
        string UnitName,
        DateOnly StartDate,
        DateOnly DueDate,
        ReformTaskStatus Status,
        int PercentComplete,
        Light Light,
        double X,
        double Width,
        IReadOnlyList<MilestoneMark> Milestones);

    public sealed record Tick(string Label, double X);

    public sealed record Model(
        Query Query,
        DateOnly Today,
        DateOnly From,
        DateOnly To,
        double? TodayX,
        IReadOnlyList<Tick> Months,
        IReadOnlyList<Bar> Bars,
        int Total,
        IReadOnlyList<Option> Plans,
        IReadOnlyList<Option> Areas,
        IReadOnlyList<Option> Offices,
        IReadOnlyList<Option> Units);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var today = clock.Today;
            var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.StartYear).ThenBy(p => p.Name)
                .Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken);

            // Without a plan, area or office the wall shows the latest plan, not the whole database.
            if (query.Plan is null && query.Area is null && query.Office is null && query.Unit is null && plans.Count > 0)
            {
                query.Plan = plans[0].Id;
            }

            // The same filters as the task list, so a bar chart and the list it opens never disagree.
            var filter = new TaskList.Query { Plan = query.Plan, Area = query.Area, Office = query.Office, Unit = query.Unit, Light = query.Light };
            var tasks = TaskList.Handler.FilterWithLight(db, db.Tasks.AsNoTracking().VisibleTo(user), filter, today);

            var total = await tasks.CountAsync(cancellationToken);
            var shown = tasks.OrderBy(t => t.AreaId).ThenBy(t => t.Code).ThenBy(t => t.Id).Take(MaxRows);
            var rows = await (from t in shown
                              join u in db.Units on t.LeadUnitId equals u.Id
                              from tl in db.TaskLights.Where(x => x.TaskId == t.Id).DefaultIfEmpty()
                              select new
                              {
                                  t.Id, t.Code, t.Title, t.AreaId, UnitName = u.Name, t.StartDate, t.DueDate, t.Status, t.PercentComplete,
                                  Light = tl == null ? Light.Green : tl.Light,
                              })
                .ToListAsync(cancellationToken);
            var milestones = await (from m in db.Milestones.AsNoTracking()
                                    join t in shown on m.TaskId equals t.Id
                                    select new { m.TaskId, m.Title, m.PlannedDate, m.DoneDate })
                .ToListAsync(cancellationToken);

            var dates = rows.SelectMany(r => new[] { r.StartDate, r.DueDate })
                .Concat(milestones.SelectMany(m => new[] { m.PlannedDate, m.DoneDate ?? m.PlannedDate }))
                .ToList();
            var from = dates.Count == 0 ? new DateOnly(today.Year, 1, 1) : dates.Min();
            var to = dates.Count == 0 ? new DateOnly(today.Year, 12, 31) : dates.Max();
            from = new DateOnly(from.Year, from.Month, 1);
            to = new DateOnly(to.Year, to.Month, 1).AddMonths(1).AddDays(-1);
            var span = (double)(to.DayNumber - from.DayNumber + 1);
            double X(DateOnly date) => Math.Round((date.DayNumber - from.DayNumber) * 100.0 / span, 3);

            var months = new List<Tick>();
            var monthCount = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
            var step = monthCount <= 24 ? 1 : 3;
            for (var month = from; month <= to; month = month.AddMonths(step))
            {
                var label = month.Month == 1 || month == from
                    ? month.ToString("yyyy-MM", CultureInfo.InvariantCulture)
                    : month.Month.ToString(CultureInfo.InvariantCulture);
                months.Add(new Tick(label, X(month)));
            }

            var milestonesByTask = milestones.ToLookup(m => m.TaskId);
            var bars = rows.OrderBy(r => r.AreaId).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => new Bar(
                    r.Id, r.Code, r.Title, r.UnitName, r.StartDate, r.DueDate, r.Status, r.PercentComplete, r.Light,
                    X(r.StartDate),
                    Math.Max(0.2, X(r.DueDate.AddDays(1)) - X(r.StartDate)),
                    milestonesByTask[r.Id].OrderBy(m => m.PlannedDate).Select(m =>
                    {
                        var state = Milestone.StateOf(m.PlannedDate, m.DoneDate, today);
                        return new MilestoneMark(m.Title, m.PlannedDate, m.DoneDate, state, X(m.PlannedDate));
                    }).ToList()))
                .ToList();

            return new Model(
                query,
                today,
                from,
                to,
                today >= from && today <= to ? X(today) : null,
                months,
                bars,
                total,
                plans,
                await db.Areas.AsNoTracking().Where(a => query.Plan == null || a.PlanId == query.Plan).OrderBy(a => a.PlanId).ThenBy(a => a.SortOrder)
                    .Select(a => new Option(a.Id, a.Name, null)).ToListAsync(cancellationToken),
                await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => new Option(o.Id, o.ShortName, null)).ToListAsync(cancellationToken),
                (await db.UnitsInDisplayOrderAsync(cancellationToken)).Select(u => new Option(u.Id, u.Name, null)).ToList());
        }
    }
}
