using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Dashboard;

/// <summary>领导驾驶舱: the whole programme (or one office's, or one leading official's) on one screen; every number links to the task list.</summary>
public static class LeaderDashboard
{
    /// <summary>How many units the lights-by-unit chart shows (those with the most red, then yellow tasks).</summary>
    public const int UnitsShown = 15;

    /// <summary>How many red tasks the red list shows; the link under it opens all of them.</summary>
    public const int RedListLength = 30;

    /// <summary>How many months the trend covers, ending with the current month.</summary>
    public const int TrendMonths = 12;

    /// <summary>
    /// How the page hands its charts to dashboard.js. One instance for every render: options made afresh each time rebuild
    /// their type metadata on every serialization.
    /// </summary>
    public static readonly JsonSerializerOptions ChartJson = new(JsonSerializerDefaults.Web);

    public sealed class Query
    {
        public int? Office { get; set; }

        public int? Official { get; set; }
    }

    public sealed record Headline(
        int Tasks,
        int Completed,
        int Green,
        int Yellow,
        int Red,
        int KeyProjects,
        int KeyProjectsStarted,
        decimal PlannedAnnualInvestment,
        decimal InvestmentThisYear)
    {
        public decimal CompletionRate => Rate(Completed, Tasks) ?? 0m;

        public decimal? StartRate => Rate(KeyProjectsStarted, KeyProjects);

        public decimal? InvestmentRate => PlannedAnnualInvestment <= 0 ? null : Math.Round(InvestmentThisYear * 100m / PlannedAnnualInvestment, 1);
    }

    /// <summary>One value of a chart with the task-list address it opens; null where there is nothing to measure (a month without reports).</summary>
    public sealed record Point(decimal? Value, string Url);

    /// <summary>A series; <paramref name="Key"/> names its colour (Red, Yellow, Green) or its role (progress, count).</summary>
    public sealed record Series(string Name, string Key, IReadOnlyList<Point> Points);

    /// <summary>What dashboard.js draws and the accessible table under it shows. Kind: stacked, bar or trend.</summary>
    public sealed record Chart(string Id, string Kind, IReadOnlyList<string> Categories, IReadOnlyList<string> CategoryUrls, IReadOnlyList<Series> Series);

    public sealed record RedRow(int Id, string Code, string Title, string OfficeName, string UnitName, DateOnly DueDate, int PercentComplete, string Reasons);

    public sealed record Links(string Tasks, string Completed, string Green, string Yellow, string Red, string KeyProjects, string Started);

    public sealed record Model(
        Query Query,
        DateOnly Today,
        DateTime ComputedAt,
        string? ScopeName,
        Headline Headline,
        Links Links,
        Chart LightsByOffice,
        Chart ProgressByArea,
        Chart Trend,
        Chart LightsByUnit,
        IReadOnlyList<RedRow> RedList,
        IReadOnlyList<Option> Offices,
        IReadOnlyList<Option> Officials)
    {
        /// <summary>Names this computation for the view's rendered-HTML cache; null when computed afresh for one request.</summary>
        public string? RenderKey { get; init; }
    }

    /// <summary>
    /// The headline figures of a set of tasks: counts by light and status, key projects started, and the investment planned
    /// for the year against what accepted reports of the months <paramref name="firstMonth"/> to <paramref name="lastMonth"/> completed.
    /// Shared with the quarterly bulletin, so that both say the same thing about the same tasks.
    /// </summary>
    public static async Task<Headline> HeadlineAsync(AppDbContext db, IQueryable<ReformTask> tasks, YearMonth firstMonth, YearMonth lastMonth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // A task without a cached light counts as green, exactly as the task list's light filter does.
        var byLightAndStatus = await (from t in tasks
                                      from tl in db.TaskLights.Where(x => x.TaskId == t.Id).DefaultIfEmpty()
                                      select new { t.Status, Light = tl == null ? Light.Green : tl.Light })
            .GroupBy(x => new { x.Light, x.Status })
            .Select(g => new { g.Key.Light, g.Key.Status, Count = g.Count() }).ToListAsync(cancellationToken);
        var keyProjects = await tasks.Where(t => t.IsKeyProject).GroupBy(t => t.ConstructionState)
            .Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        // SQLite keeps decimals as text and cannot sum them: project the few key-project amounts and add them up here.
        var plannedAnnual = (await tasks.Where(t => t.IsKeyProject && t.PlannedAnnualInvestment != null)
            .Select(t => t.PlannedAnnualInvestment!.Value).ToListAsync(cancellationToken)).Sum();
        var invested = (await (from r in db.Reports
                               join t in tasks on r.TaskId equals t.Id
                               where r.Status == ReportStatus.Accepted && r.Period >= firstMonth && r.Period <= lastMonth && r.InvestmentThisMonth != null
                               select r.InvestmentThisMonth!.Value).ToListAsync(cancellationToken)).Sum();

        int CountLight(Light light) => byLightAndStatus.Where(x => x.Light == light).Sum(x => x.Count);
        return new Headline(
            byLightAndStatus.Sum(x => x.Count),
            byLightAndStatus.Where(x => x.Status == ReformTaskStatus.Completed).Sum(x => x.Count),
            CountLight(Light.Green),
            CountLight(Light.Yellow),
            CountLight(Light.Red),
            keyProjects.Sum(x => x.Count),
            keyProjects.Where(x => x.State is ConstructionState.UnderConstruction or ConstructionState.Started or ConstructionState.Finished).Sum(x => x.Count),
            plannedAnnual,
            invested);
    }

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round(part * 100m / whole, 1);

    private static readonly Light[] LightsWorstLast = [Light.Green, Light.Yellow, Light.Red];

    /// <summary>
    /// How long a computed dashboard is served as it is (<c>Dashboard:CacheSeconds</c>, default 30; 0 turns caching off).
    /// After that it is still served for as long again while one request computes the next, never longer: leaders see
    /// numbers at most twice this old. At province scale one computation reads every task and a year of reports.
    /// </summary>
    public sealed class CacheOptions
    {
        public const string SectionName = "Dashboard";

        public int CacheSeconds { get; set; } = 30;
    }

    public sealed class Handler(
        AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l, RefreshingCache cache, Microsoft.Extensions.Options.IOptions<CacheOptions> options)
    {
        /// <summary>Null when the office or official asked for does not exist (404).</summary>
        public async Task<Model?> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var seconds = options.Value.CacheSeconds;
            if (seconds <= 0)
            {
                return await ComputeAsync(query, cancellationToken);
            }

            // Same rows for everyone with the same scope: whoever sees all tasks shares one entry, a unit or office its own.
            var scope = user.SeesAllTasks ? "all" : $"{user.Role}:{user.UnitId}:{user.OfficeId}";
            var key = $"dashboard|{scope}|{query.Office}|{query.Official}|{clock.Today:yyyyMMdd}|{CultureInfo.CurrentUICulture.Name}";
            var freshness = new Freshness(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(2 * seconds));
            var stamped = await cache.GetAsync(key, freshness, () => ComputeAsync(query, CancellationToken.None), cancellationToken);
            return stamped.Value is { } model ? model with { RenderKey = $"{key}|{stamped.ComputedAt.UtcTicks}" } : null;
        }

        private async Task<Model?> ComputeAsync(Query query, CancellationToken cancellationToken)
        {
            var computedAt = clock.LocalNow;
            var today = DateOnly.FromDateTime(computedAt);
            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => new Option(o.Id, o.ShortName, null)).ToListAsync(cancellationToken);
            var officials = await db.Officials.AsNoTracking().OrderBy(o => o.Id).Select(o => new Option(o.Id, o.Name, o.Position)).ToListAsync(cancellationToken);
            var office = offices.SingleOrDefault(o => o.Id == query.Office);
            var official = officials.SingleOrDefault(o => o.Id == query.Official);
            if ((query.Office is not null && office is null) || (query.Official is not null && official is null))
            {
                return null;
            }

            var scopeName = string.Join(" · ", new[] { office?.Name, official?.Name }.Where(n => n is not null));
            var urls = new TaskUrls(query);
            var tasks = db.Tasks.AsNoTracking().VisibleTo(user);
            if (query.Office is { } officeId)
            {
                tasks = tasks.Where(t => t.OfficeId == officeId);
            }

            if (query.Official is { } officialId)
            {
                tasks = tasks.Where(t => t.LeadingOfficialId == officialId);
            }

            // A task without a cached light counts as green, exactly as the task list's light filter does.
            var lighted = from t in tasks
                          from tl in db.TaskLights.Where(x => x.TaskId == t.Id).DefaultIfEmpty()
                          select new { t.OfficeId, t.LeadUnitId, t.Status, Light = tl == null ? Light.Green : tl.Light };

            var headline = await HeadlineAsync(db, tasks, new YearMonth(today.Year, 1), new YearMonth(today.Year, 12), cancellationToken);
            var links = new Links(
                urls.For(),
                urls.For(("status", nameof(ReformTaskStatus.Completed))),
                urls.For(("light", nameof(Light.Green))),
                urls.For(("light", nameof(Light.Yellow))),
                urls.For(("light", nameof(Light.Red))),
                urls.For(("keyProject", "true")),
                urls.For(("keyProject", "true"), ("started", "true")));

            var officeLights = await lighted.GroupBy(x => new { x.OfficeId, x.Light })
                .Select(g => new { g.Key.OfficeId, g.Key.Light, Count = g.Count() }).ToListAsync(cancellationToken);
            var lightsByOffice = LightsChart(
                "lights-office",
                offices.Where(o => officeLights.Any(x => x.OfficeId == o.Id)).Select(o => (o.Id, o.Name)).ToList(),
                (id, light) => officeLights.Where(x => x.OfficeId == id && x.Light == light).Sum(x => x.Count),
                id => urls.For(("office", Invariant(id))),
                (id, light) => urls.For(("office", Invariant(id)), ("light", light.ToString())));

            var unitLights = await lighted.GroupBy(x => new { x.LeadUnitId, x.Light })
                .Select(g => new { g.Key.LeadUnitId, g.Key.Light, Count = g.Count() }).ToListAsync(cancellationToken);
            var worstUnitIds = unitLights.GroupBy(x => x.LeadUnitId)
                .Select(g => new
                {
                    UnitId = g.Key,
                    Red = g.Where(x => x.Light == Light.Red).Sum(x => x.Count),
                    Yellow = g.Where(x => x.Light == Light.Yellow).Sum(x => x.Count),
                    Total = g.Sum(x => x.Count),
                })
                .OrderByDescending(x => x.Red).ThenByDescending(x => x.Yellow).ThenByDescending(x => x.Total).ThenBy(x => x.UnitId)
                .Take(UnitsShown).Select(x => x.UnitId).ToList();
            var unitNames = await db.Units.AsNoTracking().Where(u => worstUnitIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            var lightsByUnit = LightsChart(
                "lights-unit",
                worstUnitIds.Select(id => (id, unitNames.GetValueOrDefault(id, "?"))).ToList(),
                (id, light) => unitLights.Where(x => x.LeadUnitId == id && x.Light == light).Sum(x => x.Count),
                id => urls.For(("unit", Invariant(id))),
                (id, light) => urls.For(("unit", Invariant(id)), ("light", light.ToString())));

            var areaProgress = await (from t in tasks
                                      group t by t.AreaId into g
                                      select new { AreaId = g.Key, Tasks = g.Count(), Average = g.Average(t => (double)t.PercentComplete) })
                .ToListAsync(cancellationToken);
            var areaIds = areaProgress.Select(a => a.AreaId).ToList();
            var areas = await db.Areas.AsNoTracking().Where(a => areaIds.Contains(a.Id))
                .OrderBy(a => a.PlanId).ThenBy(a => a.SortOrder).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
            var progressByArea = new Chart(
                "progress-area",
                "bar",
                areas.Select(a => a.Name).ToList(),
                areas.Select(a => urls.For(("area", Invariant(a.Id)))).ToList(),
                [
                    new Series(l["平均进度（%）"], "progress", areas.Select(a => new Point(
                        (decimal)Math.Round(areaProgress.Single(p => p.AreaId == a.Id).Average, 1),
                        urls.For(("area", Invariant(a.Id))))).ToList()),
                ]);

            var trend = await TrendAsync(tasks, today, urls, cancellationToken);

            var redList = await (from t in tasks
                                 join tl in db.TaskLights on t.Id equals tl.TaskId
                                 join o in db.Offices on t.OfficeId equals o.Id
                                 join u in db.Units on t.LeadUnitId equals u.Id
                                 where tl.Light == Light.Red
                                 orderby t.DueDate, t.Code
                                 select new RedRow(t.Id, t.Code, t.Title, o.ShortName, u.Name, t.DueDate, t.PercentComplete, tl.Reasons))
                .Take(RedListLength).ToListAsync(cancellationToken);

            return new Model(
                query, today, computedAt, scopeName.Length == 0 ? null : scopeName, headline, links,
                lightsByOffice, progressByArea, trend, lightsByUnit, redList, offices, officials);
        }

        private async Task<Chart> TrendAsync(IQueryable<ReformTask> tasks, DateOnly today, TaskUrls urls, CancellationToken cancellationToken)
        {
            var last = YearMonth.Of(today);
            var first = last;
            for (var i = 1; i < TrendMonths; i++)
            {
                first = first.Previous;
            }

            var months = new List<YearMonth> { first };
            while (months[^1] < last)
            {
                months.Add(months[^1].Next);
            }

            var byMonth = await (from r in db.Reports
                                 join t in tasks on r.TaskId equals t.Id
                                 where r.Status == ReportStatus.Accepted && r.Period >= first && r.Period <= last
                                 group r by r.Period into g
                                 select new
                                 {
                                     Period = g.Key,
                                     Average = g.Average(r => (double)r.PercentComplete),
                                     Finished = g.Count(r => r.PercentComplete == 100),
                                 })
                .ToListAsync(cancellationToken);
            var all = urls.For();
            var completed = urls.For(("status", nameof(ReformTaskStatus.Completed)));
            return new Chart(
                "trend",
                "trend",
                months.Select(m => m.ToString()).ToList(),
                months.Select(_ => all).ToList(),
                [
                    new Series(l["当月已审核月报的平均进度（%）"], "progress", months.Select(m => new Point(
                        byMonth.SingleOrDefault(x => x.Period == m) is { } month ? (decimal)Math.Round(month.Average, 1) : null, all)).ToList()),
                    new Series(l["当月报告完成（100%）的任务"], "count", months.Select(m => new Point(
                        byMonth.SingleOrDefault(x => x.Period == m)?.Finished ?? 0, completed)).ToList()),
                ]);
        }

        private Chart LightsChart(
            string id,
            IReadOnlyList<(int Id, string Name)> categories,
            Func<int, Light, int> count,
            Func<int, string> categoryUrl,
            Func<int, Light, string> segmentUrl) => new(
                id,
                "stacked",
                categories.Select(c => c.Name).ToList(),
                categories.Select(c => categoryUrl(c.Id)).ToList(),
                LightsWorstLast.Select(light => new Series(
                    l[light.Label()],
                    light.ToString(),
                    categories.Select(c => new Point(count(c.Id, light), segmentUrl(c.Id, light))).ToList())).ToList());

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Task-list addresses: the dashboard's own scope (office, official) first, then the filters of one number or segment.</summary>
    private sealed class TaskUrls(Query scope)
    {
        public string For(params (string Key, string Value)[] filters)
        {
            var values = new List<KeyValuePair<string, string>>();
            if (scope.Office is { } office)
            {
                values.Add(new("office", office.ToString(CultureInfo.InvariantCulture)));
            }

            if (scope.Official is { } official)
            {
                values.Add(new("official", official.ToString(CultureInfo.InvariantCulture)));
            }

            foreach (var (key, value) in filters)
            {
                values.RemoveAll(v => v.Key == key);
                values.Add(new(key, value));
            }

            return values.Count == 0
                ? "/tasks"
                : "/tasks?" + string.Join("&", values.Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value)}"));
        }
    }
}
