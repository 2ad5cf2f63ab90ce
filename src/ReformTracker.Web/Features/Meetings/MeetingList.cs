using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>晒比会: the meetings the user reaches, newest first, filtered by plan, office and year, with each one's closure.</summary>
public static class MeetingList
{
    public sealed class Query
    {
        public int? Plan { get; set; }

        public int? Office { get; set; }

        public int? Year { get; set; }

        public int? Page { get; set; }

        public bool HasFilters => Plan is not null || Office is not null || Year is not null;

        public string ToUrl(int? page = null)
        {
            var parts = new List<string>();
            if (Plan is { } plan)
            {
                parts.Add("plan=" + plan.ToString(CultureInfo.InvariantCulture));
            }

            if (Office is { } office)
            {
                parts.Add("office=" + office.ToString(CultureInfo.InvariantCulture));
            }

            if (Year is { } year)
            {
                parts.Add("year=" + year.ToString(CultureInfo.InvariantCulture));
            }

            if (page is > 1)
            {
                parts.Add("page=" + page.Value.ToString(CultureInfo.InvariantCulture));
            }

            return parts.Count == 0 ? "/meetings" : "/meetings?" + string.Join('&', parts);
        }
    }

    public sealed record Row(int Id, DateOnly Date, string Title, string ScopeName, MeetingClosure Closure);

    public sealed record Model(
        Query Query, IReadOnlyList<Row> Rows, PageInfo Paging, IReadOnlyList<Option> Plans, IReadOnlyList<Option> Offices, IReadOnlyList<int> Years,
        bool MayCreate, bool OwnItemsOnly);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var visible = db.Meetings.AsNoTracking().VisibleTo(db, user);
            var years = (await visible.Select(m => m.Date).ToListAsync(cancellationToken)).Select(d => d.Year).Distinct().OrderDescending().ToList();

            var meetings = visible;
            if (query.Plan is { } plan)
            {
                meetings = meetings.Where(m => m.PlanId == plan);
            }

            if (query.Office is { } office)
            {
                meetings = meetings.Where(m => m.OfficeId == office);
            }

            if (query.Year is { } year)
            {
                var from = new DateOnly(Math.Clamp(year, 1, 9999), 1, 1);
                var to = new DateOnly(Math.Clamp(year, 1, 9999), 12, 31);
                meetings = meetings.Where(m => m.Date >= from && m.Date <= to);
            }

            var total = await meetings.CountAsync(cancellationToken);
            var paging = PageInfo.For(query.Page, PageInfo.DefaultPageSize, total);
            var found = await meetings.OrderByDescending(m => m.Date).ThenByDescending(m => m.Id).Skip(paging.Skip).Take(paging.PageSize)
                .Select(m => new { m.Id, m.Date, m.Title, m.PlanId, m.OfficeId })
                .ToListAsync(cancellationToken);
            var ids = found.Select(m => m.Id).ToList();
            var items = (await db.MeetingItems.AsNoTracking().VisibleTo(db, user).Where(i => ids.Contains(i.MeetingId))
                    .Select(i => new { i.MeetingId, i.State, i.Deadline }).ToListAsync(cancellationToken))
                .ToLookup(i => i.MeetingId, i => (i.State, i.Deadline));

            var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.StartYear).ThenBy(p => p.Id)
                .Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken);
            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => new Option(o.Id, o.ShortName, null)).ToListAsync(cancellationToken);
            var planNames = plans.ToDictionary(p => p.Id, p => p.Name);
            var officeNames = offices.ToDictionary(o => o.Id, o => o.Name);
            var today = clock.Today;
            var rows = found.Select(m => new Row(
                    m.Id,
                    m.Date,
                    m.Title,
                    m.PlanId is { } p ? planNames.GetValueOrDefault(p, "—") : officeNames.GetValueOrDefault(m.OfficeId ?? 0, "—"),
                    MeetingClosure.Of(items[m.Id], today)))
                .ToList();
            return new Model(query, rows, paging, plans, offices, years, user.Can(Permissions.MeetingsManage), user.Can(Permissions.ReportsFile));
        }
    }
}
