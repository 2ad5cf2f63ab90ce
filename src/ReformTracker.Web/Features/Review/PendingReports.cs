using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Review;

/// <summary>待审核: every submitted report of the reviewer's office, oldest submission first, each with what changed since last month.</summary>
public static class PendingReports
{
    public sealed class Query
    {
        /// <summary>"2026-10"; anything else means every period.</summary>
        public string? Period { get; set; }

        public int? Unit { get; set; }

        public YearMonth? EffectivePeriod => YearMonth.TryParse(Period, out var period) ? period : null;

        public bool HasFilters => EffectivePeriod is not null || Unit is not null;

        public string ToUrl()
        {
            var parts = new List<string>();
            if (EffectivePeriod is { } period)
            {
                parts.Add("period=" + period);
            }

            if (Unit is { } unit)
            {
                parts.Add("unit=" + unit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return parts.Count == 0 ? "/review" : "/review?" + string.Join('&', parts);
        }
    }

    public sealed record Row(
        int Id,
        int TaskId,
        string TaskCode,
        string TaskTitle,
        string LeadUnitName,
        YearMonth Period,
        DateTime SubmittedAtLocal,
        string SubmittedBy,
        bool OnTime,
        DateOnly CutOff,
        int ReturnCount,
        ReportComparison.Model Changes);

    public sealed record Model(
        Query Query,
        int TotalCount,
        IReadOnlyList<Row> Rows,
        IReadOnlyList<YearMonth> Periods,
        IReadOnlyList<Option> Units);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user)
    {
        public async Task<Model> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var scope = db.Tasks.VisibleTo(user).ReviewedBy(user);
            var waiting = from r in db.Reports
                          join t in scope on r.TaskId equals t.Id
                          where r.Status == ReportStatus.Submitted
                          select new { r.Id, r.Period, t.LeadUnitId };
            var all = await waiting.AsNoTracking().ToListAsync(cancellationToken);

            var period = query.EffectivePeriod;
            var chosen = all.Where(r => (period is null || r.Period == period) && (query.Unit is null || r.LeadUnitId == query.Unit))
                .Select(r => r.Id).ToList();
            var reports = await db.Reports.AsNoTracking()
                .Include(r => r.Problems)
                .Include(r => r.MilestonesReached)
                .Where(r => chosen.Contains(r.Id))
                .ToListAsync(cancellationToken);

            var taskIds = reports.Select(r => r.TaskId).Distinct().ToList();
            var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
                .Select(t => new { t.Id, t.Code, t.Title, t.LeadUnitId, t.IsKeyProject })
                .ToDictionaryAsync(t => t.Id, cancellationToken);
            var unitIds = all.Select(r => r.LeadUnitId).Distinct().ToList();
            var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Name, u.Kind, u.SortOrder })
                .ToListAsync(cancellationToken);
            var unitNames = units.ToDictionary(u => u.Id, u => u.Name);
            var previous = await ReportComparison.PreviousAcceptedAsync(db, reports, cancellationToken);
            var milestones = await ReportComparison.MilestoneTitlesAsync(db, reports, cancellationToken);
            var people = await Submitters.DisplayNamesAsync(db, reports.Select(r => r.SubmittedBy), cancellationToken);

            var rows = reports
                .OrderBy(r => r.SubmittedAtUtc).ThenBy(r => r.Id)
                .Select(r =>
                {
                    var task = tasks[r.TaskId];
                    return new Row(
                        r.Id,
                        r.TaskId,
                        task.Code,
                        task.Title,
                        unitNames.GetValueOrDefault(task.LeadUnitId, "—"),
                        r.Period,
                        clock.ToLocal(r.SubmittedAtUtc!.Value),
                        Submitters.Describe(r.SubmittedBy, people),
                        r.WasSubmittedOnTime(calendar, clock.Zone),
                        calendar.CutOffFor(r.Period),
                        r.ReturnCount,
                        ReportComparison.Compare(r, previous.GetValueOrDefault(r.Id), task.IsKeyProject, milestones));
                })
                .ToList();

            return new Model(
                query,
                all.Count,
                rows,
                all.Select(r => r.Period).Distinct().OrderDescending().ToList(),
                units.OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Name, StringComparer.Ordinal)
                    .Select(u => new Option(u.Id, u.Name)).ToList());
        }
    }
}
