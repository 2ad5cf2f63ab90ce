using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Meetings;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Supervision;

public enum FlagGrouping
{
    Office,
    Unit,
    Rule,
    Light,
}

public enum FlagState
{
    Open,
    Closed,
    All,
}

/// <summary>督查工作台: the flags of the tasks the user may see, filtered and grouped, with the headline numbers.</summary>
public static class FlagWorkspace
{
    public const int PageSize = 200;
    public const int RecentDays = 7;

    /// <summary>Every value arrives as text, so that whatever a URL carries becomes "no filter" rather than an error.</summary>
    public sealed class Query
    {
        public string? Office { get; set; }

        public string? Unit { get; set; }

        public string? Rule { get; set; }

        public string? Light { get; set; }

        public string? Group { get; set; }

        public string? State { get; set; }

        /// <summary>Only flags opened (closed, for closed flags) within this many days.</summary>
        public string? Days { get; set; }

        public string? Page { get; set; }

        public int? OfficeId => ParseId(Office);

        public int? UnitId => ParseId(Unit);

        public FlagRule? EffectiveRule => ParseEnum<FlagRule>(Rule);

        public Light? EffectiveLight => ParseEnum<Light>(Light) is { } light && light != Domain.Supervision.Light.Green ? light : null;

        public FlagGrouping EffectiveGroup => ParseEnum<FlagGrouping>(Group) ?? FlagGrouping.Office;

        public FlagState EffectiveState => ParseEnum<FlagState>(State) ?? FlagState.Open;

        public int? EffectiveDays => int.TryParse(Days, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 3660 ? days : null;

        public int? EffectivePage => int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : null;

        public bool HasFilters => OfficeId is not null || UnitId is not null || EffectiveRule is not null || EffectiveLight is not null
            || EffectiveState != FlagState.Open || EffectiveDays is not null;

        /// <summary>This view's URL, optionally on another page.</summary>
        public string ToUrl(int? page = null)
        {
            var parts = new List<string>();
            Add(parts, "office", OfficeId?.ToString(CultureInfo.InvariantCulture));
            Add(parts, "unit", UnitId?.ToString(CultureInfo.InvariantCulture));
            Add(parts, "rule", EffectiveRule?.ToString());
            Add(parts, "light", EffectiveLight?.ToString());
            Add(parts, "state", EffectiveState == FlagState.Open ? null : EffectiveState.ToString());
            Add(parts, "days", EffectiveDays?.ToString(CultureInfo.InvariantCulture));
            Add(parts, "group", EffectiveGroup == FlagGrouping.Office ? null : EffectiveGroup.ToString().ToLowerInvariant());
            Add(parts, "page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null);
            return parts.Count == 0 ? "/supervision" : "/supervision?" + string.Join('&', parts);
        }

        /// <summary>The same view grouped differently (back to the first page).</summary>
        public string WithGroup(FlagGrouping grouping)
        {
            var copy = (Query)MemberwiseClone();
            copy.Group = grouping.ToString();
            copy.Page = null;
            return copy.ToUrl();
        }

        private static void Add(List<string> parts, string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        private static int? ParseId(string? text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

        private static TEnum? ParseEnum<TEnum>(string? text)
            where TEnum : struct, Enum =>
            !string.IsNullOrWhiteSpace(text) && !char.IsAsciiDigit(text.Trim()[0]) && text.Trim()[0] != '-'
                && Enum.TryParse<TEnum>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value)
                ? value
                : null;
    }

    /// <summary>A flag on a task, or on a meeting item (then TaskCode is the meeting's title, TaskTitle the item, and MeetingId is set).</summary>
    public sealed record Row(
        int Id,
        int? TaskId,
        string TaskCode,
        string TaskTitle,
        string LeadUnitName,
        string OfficeName,
        FlagRule Rule,
        Light Light,
        string Reason,
        DateTime OpenedAtLocal,
        DateTime? ClosedAtLocal,
        int DaysOpen,
        int? MeetingId = null);

    public sealed record Group(string Key, string Title, int Count, int Red, int Yellow, IReadOnlyList<Row> Rows);

    public sealed record Headline(int OpenRed, int OpenYellow, int RedTasks, int OpenedRecently, int ClosedRecently);

    public sealed record Model(
        Query Query,
        Headline Headline,
        int TotalCount,
        IReadOnlyList<Group> Groups,
        PageInfo Paging,
        IReadOnlyList<Option> Offices,
        IReadOnlyList<Option> Units);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var now = clock.UtcNow;
            var recent = now.AddDays(-RecentDays);
            var today = clock.Today;

            var taskFlags = from f in db.Flags.AsNoTracking()
                            join t in db.Tasks.VisibleTo(user) on f.TaskId equals t.Id
                            select new { Flag = f, OfficeId = (int?)t.OfficeId, t.LeadUnitId, t.Code, t.Title, MeetingId = (int?)null };

            // Items assigned at meetings: the office is the meeting's (none for a plan's meeting), the unit the assignee.
            var itemFlags = from f in db.Flags.AsNoTracking()
                            join i in db.MeetingItems.VisibleTo(db, user) on f.MeetingItemId equals i.Id
                            join m in db.Meetings on i.MeetingId equals m.Id
                            select new { Flag = f, m.OfficeId, LeadUnitId = i.AssigneeUnitId, Code = m.Title, Title = i.Content, MeetingId = (int?)m.Id };
            var scoped = taskFlags.Concat(itemFlags);

            var open = scoped.Where(x => x.Flag.ClosedAtUtc == null);
            var headline = new Headline(
                await open.CountAsync(x => x.Flag.Light == Light.Red, cancellationToken),
                await open.CountAsync(x => x.Flag.Light == Light.Yellow, cancellationToken),
                await open.Where(x => x.Flag.Light == Light.Red && x.Flag.TaskId != null).Select(x => x.Flag.TaskId).Distinct().CountAsync(cancellationToken),
                await scoped.CountAsync(x => x.Flag.OpenedAtUtc >= recent, cancellationToken),
                await scoped.CountAsync(x => x.Flag.ClosedAtUtc != null && x.Flag.ClosedAtUtc >= recent, cancellationToken));

            var filtered = query.EffectiveState switch
            {
                FlagState.Closed => scoped.Where(x => x.Flag.ClosedAtUtc != null),
                FlagState.All => scoped,
                _ => open,
            };
            if (query.EffectiveDays is { } days)
            {
                var since = now.AddDays(-days);
                filtered = query.EffectiveState == FlagState.Closed
                    ? filtered.Where(x => x.Flag.ClosedAtUtc >= since)
                    : filtered.Where(x => x.Flag.OpenedAtUtc >= since);
            }

            if (query.OfficeId is { } office)
            {
                filtered = filtered.Where(x => x.OfficeId == office);
            }

            if (query.UnitId is { } unit)
            {
                filtered = filtered.Where(x => x.LeadUnitId == unit);
            }

            if (query.EffectiveRule is { } rule)
            {
                filtered = filtered.Where(x => x.Flag.Rule == rule);
            }

            if (query.EffectiveLight is { } light)
            {
                filtered = filtered.Where(x => x.Flag.Light == light);
            }

            var found = await filtered.ToListAsync(cancellationToken);

            // The filter lists offer every office and lead unit that has a flag in scope, not only those in the current view.
            var officeIds = (await scoped.Select(x => x.OfficeId).Distinct().ToListAsync(cancellationToken)).OfType<int>().ToList();
            var unitIds = await scoped.Select(x => x.LeadUnitId).Distinct().ToListAsync(cancellationToken);
            var offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id))
                .Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
            var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Name, u.Kind, u.SortOrder }).ToListAsync(cancellationToken);
            var officeNames = offices.ToDictionary(o => o.Id, o => o.Name);
            var unitNames = units.ToDictionary(u => u.Id, u => u.Name);
            var officeOrder = offices.OrderBy(o => o.Id).Select((o, i) => (o.Id, i)).ToDictionary(p => p.Id, p => p.i);
            var unitOrder = units.OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Name, StringComparer.Ordinal)
                .Select((u, i) => (u.Id, i)).ToDictionary(p => p.Id, p => p.i);

            var rows = found.Select(x => new Row(
                    x.Flag.Id,
                    x.Flag.TaskId,
                    x.Code,
                    x.Title,
                    unitNames.GetValueOrDefault(x.LeadUnitId, "—"),
                    officeNames.GetValueOrDefault(x.OfficeId ?? 0, "—"),
                    x.Flag.Rule,
                    x.Flag.Light,
                    x.Flag.Reason,
                    clock.ToLocal(x.Flag.OpenedAtUtc),
                    x.Flag.ClosedAtUtc is { } closed ? clock.ToLocal(closed) : null,
                    DaysBetween(DateOnly.FromDateTime(clock.ToLocal(x.Flag.OpenedAtUtc)), x.Flag.ClosedAtUtc is { } c ? DateOnly.FromDateTime(clock.ToLocal(c)) : today),
                    x.MeetingId))
                .ToList();
            var byId = found.ToDictionary(x => x.Flag.Id);

            (string Key, string Title, int Order) GroupOf(Row row)
            {
                var source = byId[row.Id];
                return query.EffectiveGroup switch
                {
                    FlagGrouping.Unit => (source.LeadUnitId.ToString(CultureInfo.InvariantCulture), row.LeadUnitName, unitOrder.GetValueOrDefault(source.LeadUnitId, int.MaxValue)),
                    FlagGrouping.Rule => (row.Rule.ToString(), row.Rule.Label(), (int)row.Rule),
                    FlagGrouping.Light => (row.Light.ToString(), row.Light.Label(), -(int)row.Light),
                    _ => ((source.OfficeId ?? 0).ToString(CultureInfo.InvariantCulture), row.OfficeName, officeOrder.GetValueOrDefault(source.OfficeId ?? 0, int.MaxValue)),
                };
            }

            var grouped = rows
                .GroupBy(GroupOf)
                .OrderBy(g => g.Key.Order).ThenBy(g => g.Key.Title, StringComparer.Ordinal)
                .Select(g => (g.Key, Rows: g.OrderByDescending(r => r.Light).ThenBy(r => r.OpenedAtLocal).ThenBy(r => r.TaskCode, StringComparer.Ordinal).ThenBy(r => r.Id).ToList()))
                .ToList();

            var requested = query.EffectivePage;
            var pageCount = Math.Max(1, (int)Math.Ceiling(rows.Count / (double)PageSize));
            var paging = new PageInfo(requested is null or < 1 ? 1 : Math.Min(requested.Value, pageCount), PageSize, rows.Count);

            // Headers count the whole group, even when the page shows only part of it.
            var onPage = grouped.SelectMany(g => g.Rows.Select(r => (g.Key, Row: r))).Skip(paging.Skip).Take(PageSize)
                .Select(p => (p.Key.Key, p.Row)).ToLookup(p => p.Key, p => p.Row);
            var groups = grouped.Where(g => onPage.Contains(g.Key.Key))
                .Select(g => new Group(
                    g.Key.Key,
                    g.Key.Title,
                    g.Rows.Count,
                    g.Rows.Count(r => r.Light == Light.Red),
                    g.Rows.Count(r => r.Light == Light.Yellow),
                    onPage[g.Key.Key].ToList()))
                .ToList();

            return new Model(
                query,
                headline,
                rows.Count,
                groups,
                paging,
                offices.OrderBy(o => o.Id).Select(o => new Option(o.Id, o.Name)).ToList(),
                units.OrderBy(u => unitOrder[u.Id]).Select(u => new Option(u.Id, u.Name)).ToList());
        }

        private static int DaysBetween(DateOnly from, DateOnly to) => Math.Max(0, to.DayNumber - from.DayNumber);
    }
}
