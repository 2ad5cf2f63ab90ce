using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Tasks;

/// <summary>任务清单: the filtered, sorted, paged task registry; every filter is part of the URL.</summary>
public static class TaskList
{
    public static readonly string[] SortKeys = ["code", "title", "due", "-due", "progress", "-progress", "unit"];

    public sealed class Query
    {
        public int? Plan { get; set; }

        public int? Area { get; set; }

        public int? Office { get; set; }

        public int? Unit { get; set; }

        /// <summary>A lead unit typed by name (the filter form's searchable picker); resolved into <see cref="Unit"/>.</summary>
        public string? UnitName { get; set; }

        public ReformTaskStatus? Status { get; set; }

        public bool Overdue { get; set; }

        public bool KeyProject { get; set; }

        /// <summary>领办领导: tasks the official answers for.</summary>
        public int? Official { get; set; }

        /// <summary>Key projects whose construction has started (在建, 已动工 or 已完工): the numerator of the start rate.</summary>
        public bool Started { get; set; }

        public Light? Light { get; set; }

        public string? Q { get; set; }

        public string? Sort { get; set; }

        public int? Page { get; set; }

        public int? Size { get; set; }

        public string EffectiveSort => Sort is not null && SortKeys.Contains(Sort) ? Sort : "code";

        public bool HasFilters => Plan is not null || Area is not null || Office is not null || Unit is not null || !string.IsNullOrWhiteSpace(UnitName)
            || Status is not null || Overdue || KeyProject || Official is not null || Started || Light is not null || !string.IsNullOrWhiteSpace(Q);

        public RouteValueDictionary ToRouteValues(int? page = null, string? sort = null)
        {
            var values = new RouteValueDictionary();
            void Add(string key, object? value)
            {
                if (value is not null && value is not false && (value is not string s || s.Length > 0))
                {
                    values[key] = value;
                }
            }

            Add("plan", Plan);
            Add("area", Area);
            Add("office", Office);
            Add("unit", Unit);
            Add("status", Status);
            Add("overdue", Overdue ? "true" : null);
            Add("keyProject", KeyProject ? "true" : null);
            Add("official", Official);
            Add("started", Started ? "true" : null);
            Add("light", Light);
            Add("q", Q?.Trim());
            Add("sort", sort ?? Sort);
            Add("page", page ?? Page);
            Add("size", Size);
            return values;
        }
    }

    public sealed record Row(
        int Id,
        string Code,
        string Title,
        string AreaName,
        string OfficeName,
        string LeadUnitName,
        DateOnly DueDate,
        ReformTaskStatus Status,
        TaskPriority Priority,
        int PercentComplete,
        YearMonth? LastReportedPeriod,
        bool IsKeyProject,
        bool IsOverdue,
        Light Light,
        string LightReasons);

    /// <summary>A task with its names, as a member-initialised class so EF can sort on any of them.</summary>
    private sealed class Joined
    {
        public required ReformTask Task { get; init; }

        public required string AreaName { get; init; }

        public required string OfficeName { get; init; }

        public required string UnitName { get; init; }

        public required Light Light { get; init; }

        public required string LightReasons { get; init; }
    }

    public sealed record Model(
        Query Query,
        IReadOnlyList<Row> Rows,
        PageInfo Paging,
        IReadOnlyList<Option> Plans,
        IReadOnlyList<Option> Areas,
        IReadOnlyList<Option> Offices,
        string? UnitName,
        string? UnitError)
    {
        /// <summary>Names the kept page of rows shown, so the rows are rendered once per page read rather than per request.</summary>
        public string? RenderKey { get; init; }
    }

    /// <summary>How long a count of matching tasks, or a page of them, is reused when no task, cooperation or light is saved meanwhile.</summary>
    public static readonly TimeSpan CountLifetime = TimeSpan.FromSeconds(30);

    /// <summary>A page of rows as read, with the name its rendering is kept under.</summary>
    private sealed record KeptPage(IReadOnlyList<Row> Rows, string RenderKey);

    /// <summary>
    /// The pages of rows read recently. Every filter and sort is a URL anyone signed in may make up, so, unlike the counts,
    /// pages are kept in a cache of their own whose size (rows kept) is bounded: the least used go first.
    /// </summary>
    public sealed class PageCache : IDisposable
    {
        public const long MaxRows = 20_000;

        public MemoryCache Cache { get; } = new(new MemoryCacheOptions { SizeLimit = MaxRows });

        public void Dispose() => Cache.Dispose();
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, RegistryOptions.Handler options, LeadUnitChoices.Handler leadUnits, IMemoryCache cache, PageCache pages, DataChangeSignals signals)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var today = clock.Today;
            var (unitName, unitError) = await ResolveUnitAsync(query, cancellationToken);
            var tasks = FilterWithLight(db, db.Tasks.AsNoTracking().VisibleTo(user), query, today);

            var filterKey = FilterKey(query, today);
            var total = await signals.KeptAsync(cache, "task-count|" + filterKey, CountLifetime, () => tasks.CountAsync(cancellationToken), (DataArea.Tasks, 0));
            var paging = PageInfo.For(query.Page, query.Size, total);
            var page = await ReadPageAsync(tasks, query, paging, $"task-page|{filterKey}|{query.EffectiveSort}|{paging.Skip}|{paging.PageSize}", today, cancellationToken);

            return new Model(
                query,
                page.Rows,
                paging,
                await options.PlansAsync(cancellationToken),
                (await options.AreasAsync(cancellationToken)).Where(a => query.Plan == null || a.PlanId == query.Plan).Select(a => new Option(a.Id, a.Name, null)).ToList(),
                (await options.OfficesAsync(cancellationToken)).Select(o => new Option(o.Id, o.ShortName, null)).ToList(),
                unitName,
                unitError)
            {
                RenderKey = page.RenderKey,
            };
        }

        /// <summary>
        /// The page is the same for everyone with the same scope, filter, sort and day, so it is shared until a task, cooperation,
        /// light or name in the registry is saved, for <see cref="CountLifetime"/> at most: the query costs more than the rest of the page.
        /// </summary>
        private Task<KeptPage> ReadPageAsync(IQueryable<ReformTask> tasks, Query query, PageInfo paging, string key, DateOnly today, CancellationToken cancellationToken) =>
            signals.KeptAsync(pages.Cache, key, CountLifetime, Math.Max(1, paging.PageSize), async () =>
            {
                var joined = from t in tasks
                             join a in db.Areas on t.AreaId equals a.Id
                             join o in db.Offices on t.OfficeId equals o.Id
                             join u in db.Units on t.LeadUnitId equals u.Id
                             from l in db.TaskLights.Where(l => l.TaskId == t.Id).DefaultIfEmpty()
                             select new Joined { Task = t, AreaName = a.Name, OfficeName = o.ShortName, UnitName = u.Name, Light = l == null ? Light.Green : l.Light, LightReasons = l == null ? "" : l.Reasons };
                var rows = Sort(joined, query.EffectiveSort).Select(j => new Row(
                    j.Task.Id, j.Task.Code, j.Task.Title, j.AreaName, j.OfficeName, j.UnitName, j.Task.DueDate, j.Task.Status, j.Task.Priority,
                    j.Task.PercentComplete, j.Task.LastReportedPeriod, j.Task.IsKeyProject,
                    j.Task.DueDate < today && j.Task.Status != ReformTaskStatus.Completed && j.Task.Status != ReformTaskStatus.Suspended,
                    j.Light,
                    j.LightReasons));
                return new KeptPage(await rows.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken), $"{key}|{Guid.NewGuid():N}");
            }, (DataArea.Tasks, 0), (DataArea.Registry, 0));

        /// <summary>
        /// The unit filter, typed by name or given by id, honoured only for a lead unit the user may see; otherwise it is
        /// dropped with an error next to the field. Returns the name to show in the field.
        /// </summary>
        private async Task<(string? Name, string? Error)> ResolveUnitAsync(Query query, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrWhiteSpace(query.UnitName))
            {
                var typed = query.UnitName.Trim();
                var match = await leadUnits.FindByNameAsync(typed, cancellationToken);
                query.Unit = match?.Id;
                return match is null ? (typed, "没有找到这个牵头单位，请从列表中选择") : (match.Name, null);
            }

            if (query.Unit is { } id)
            {
                var match = await leadUnits.FindAsync(id, cancellationToken);
                query.Unit = match?.Id;
                return match is null ? (null, "没有找到这个牵头单位，请从列表中选择") : (match.Name, null);
            }

            return (null, null);
        }

        /// <summary>
        /// What makes two requests' matching tasks differ: the scope, the day (overdue) and the filter. Counting a broad filter
        /// (an office's 8,000 tasks with their lights) costs more than the whole rest of the page, so the count is shared by
        /// everyone with the same key until a task is saved, for <see cref="CountLifetime"/> at most.
        /// </summary>
        private string FilterKey(Query query, DateOnly today)
        {
            var filter = query.ToRouteValues();
            filter.Remove("page");
            filter.Remove("sort");
            filter.Remove("size");
            return $"{user.Role}:{user.UnitId}:{user.OfficeId}|{today:yyyyMMdd}|"
                + string.Join('&', filter.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={Convert.ToString(v.Value, CultureInfo.InvariantCulture)}"));
        }

        /// <summary>Every filter of the query, the light included (the export uses the same).</summary>
        internal static IQueryable<ReformTask> FilterWithLight(AppDbContext db, IQueryable<ReformTask> tasks, Query query, DateOnly today)
        {
            tasks = Filter(tasks, query, today);
            if (query.Light is { } light)
            {
                tasks = light == Light.Green
                    ? tasks.Where(t => !db.TaskLights.Any(l => l.TaskId == t.Id && l.Light != Light.Green))
                    : tasks.Where(t => db.TaskLights.Any(l => l.TaskId == t.Id && l.Light == light));
            }

            return tasks;
        }

        internal static IQueryable<ReformTask> Filter(IQueryable<ReformTask> tasks, Query query, DateOnly today)
        {
            if (query.Plan is { } plan)
            {
                tasks = tasks.Where(t => t.PlanId == plan);
            }

            if (query.Area is { } area)
            {
                tasks = tasks.Where(t => t.AreaId == area);
            }

            if (query.Office is { } office)
            {
                tasks = tasks.Where(t => t.OfficeId == office);
            }

            if (query.Unit is { } unit)
            {
                tasks = tasks.Where(t => t.LeadUnitId == unit);
            }

            if (query.Status is { } status)
            {
                tasks = tasks.Where(t => t.Status == status);
            }

            if (query.Overdue)
            {
                tasks = tasks.Where(t => t.DueDate < today && t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended);
            }

            if (query.KeyProject)
            {
                tasks = tasks.Where(t => t.IsKeyProject);
            }

            if (query.Official is { } official)
            {
                tasks = tasks.Where(t => t.LeadingOfficialId == official);
            }

            if (query.Started)
            {
                tasks = tasks.Where(t => t.IsKeyProject && (t.ConstructionState == ConstructionState.UnderConstruction
                    || t.ConstructionState == ConstructionState.Started || t.ConstructionState == ConstructionState.Finished));
            }

            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                var text = query.Q.Trim();
                tasks = tasks.Where(t => t.Code.Contains(text) || t.Title.Contains(text));
            }

            return tasks;
        }

        private static IQueryable<Joined> Sort(IQueryable<Joined> rows, string sort) => sort switch
        {
            "title" => rows.OrderBy(r => r.Task.Title).ThenBy(r => r.Task.Id),
            "due" => rows.OrderBy(r => r.Task.DueDate).ThenBy(r => r.Task.Code),
            "-due" => rows.OrderByDescending(r => r.Task.DueDate).ThenBy(r => r.Task.Code),
            "progress" => rows.OrderBy(r => r.Task.PercentComplete).ThenBy(r => r.Task.Code),
            "-progress" => rows.OrderByDescending(r => r.Task.PercentComplete).ThenBy(r => r.Task.Code),
            "unit" => rows.OrderBy(r => r.UnitName).ThenBy(r => r.Task.Code),
            _ => rows.OrderBy(r => r.Task.Code).ThenBy(r => r.Task.Id),
        };
    }
}
