using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.MeetingTable;

/// <summary>How a row of the meeting table came about: from an accepted report, one still waiting or sent back, or none at all.</summary>
public enum MeetingRowState
{
    Accepted,
    Submitted,
    Returned,
    Missing,
}

/// <summary>
/// 晒比会 table: for a plan or an office and a month, one row per task with 事项内容 | 实现情况 | 存在问题 | 具体措施（责任单位、解决时限）,
/// grouped by area or office. Accepted reports are used as they stand (amendments applied); submitted or returned ones are
/// shown but marked; a task that owed a report and has none submitted is a 未报送 row, never left out.
/// </summary>
public static class MeetingTable
{
    public const string GroupByArea = "area";
    public const string GroupByOffice = "office";

    public sealed class Query
    {
        public int? Plan { get; set; }

        public int? Office { get; set; }

        /// <summary>yyyy-MM; empty means the latest month whose cut-off has passed.</summary>
        public string? Month { get; set; }

        /// <summary>area (default) or office.</summary>
        public string? Group { get; set; }

        public string EffectiveGroup => string.Equals(Group, GroupByOffice, StringComparison.OrdinalIgnoreCase) ? GroupByOffice : GroupByArea;
    }

    public sealed record Measure(string Description, string Action, string? ResponsibleUnit, DateOnly? ResolveBy, bool Resolved, bool Overdue);

    public sealed record Row(
        int TaskId,
        string Code,
        string Title,
        string LeadUnit,
        MeetingRowState State,
        string? Achievement,
        int? Percent,
        Light Light,
        IReadOnlyList<Measure> Problems);

    public sealed record Group(string Name, IReadOnlyList<Row> Rows)
    {
        public int Missing => Rows.Count(r => r.State == MeetingRowState.Missing);
    }

    public sealed record Model(
        Query Query,
        string? Month,
        string? MonthError,
        string? ScopeName,
        IReadOnlyList<Group> Groups,
        int NotDue,
        IReadOnlyList<Option> Plans,
        IReadOnlyList<Option> Offices)
    {
        public int Total => Groups.Sum(g => g.Rows.Count);

        public int Count(MeetingRowState state) => Groups.Sum(g => g.Rows.Count(r => r.State == state));

        /// <summary>The query string of this table (for the print, export and meeting-mode links).</summary>
        public string QueryString
        {
            get
            {
                var values = new List<string>();
                if (Query.Plan is { } plan)
                {
                    values.Add($"plan={plan.ToString(CultureInfo.InvariantCulture)}");
                }

                if (Query.Office is { } office)
                {
                    values.Add($"office={office.ToString(CultureInfo.InvariantCulture)}");
                }

                if (Month is not null)
                {
                    values.Add($"month={Month}");
                }

                values.Add($"group={Query.EffectiveGroup}");
                return string.Join("&", values);
            }
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, ReportingCalendar calendar)
    {
        /// <summary>Null when the plan or office does not exist or lies wholly outside the user's scope (404).</summary>
        public async Task<Model?> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var today = clock.Today;
            var visible = db.Tasks.AsNoTracking().VisibleTo(user);
            var planIds = await visible.Select(t => t.PlanId).Distinct().ToListAsync(cancellationToken);
            var officeIds = await visible.Select(t => t.OfficeId).Distinct().ToListAsync(cancellationToken);
            var plans = await db.Plans.AsNoTracking().Where(p => user.SeesAllTasks || planIds.Contains(p.Id))
                .OrderByDescending(p => p.StartYear).ThenBy(p => p.Id).Select(p => new Option(p.Id, p.Name, null)).ToListAsync(cancellationToken);
            var offices = await db.Offices.AsNoTracking().Where(o => user.SeesAllTasks || officeIds.Contains(o.Id))
                .OrderBy(o => o.Id).Select(o => new Option(o.Id, o.ShortName, null)).ToListAsync(cancellationToken);

            // Outside the scope is the same as not there at all.
            if ((query.Plan is { } askedPlan && plans.All(p => p.Id != askedPlan)) || (query.Office is { } askedOffice && offices.All(o => o.Id != askedOffice)))
            {
                return null;
            }

            if (query.Plan is null && query.Office is null)
            {
                // A reviewer meets about the own office; everyone else starts with the newest plan.
                if (user.Role == Roles.OfficeReviewer && user.OfficeId is { } own && offices.Any(o => o.Id == own))
                {
                    query.Office = own;
                }
                else
                {
                    query.Plan = plans.FirstOrDefault()?.Id;
                }
            }

            var scopeName = string.Join(" · ", new[]
            {
                plans.SingleOrDefault(p => p.Id == query.Plan)?.Name,
                offices.SingleOrDefault(o => o.Id == query.Office)?.Name,
            }.Where(n => n is not null));

            YearMonth month;
            if (string.IsNullOrWhiteSpace(query.Month))
            {
                month = LatestClosedMonth(today);
            }
            else if (!YearMonth.TryParse(query.Month, out month))
            {
                return new Model(query, null, "月份格式应为“年-月”，例如 2026-10", scopeName, [], 0, plans, offices);
            }

            if (query.Plan is null && query.Office is null)
            {
                return new Model(query, month.ToString(), null, null, [], 0, plans, offices);
            }

            var tasks = visible;
            if (query.Plan is { } planId)
            {
                tasks = tasks.Where(t => t.PlanId == planId);
            }

            if (query.Office is { } officeId)
            {
                tasks = tasks.Where(t => t.OfficeId == officeId);
            }

            var candidates = await (from t in tasks
                                    join a in db.Areas on t.AreaId equals a.Id
                                    join p in db.Plans on t.PlanId equals p.Id
                                    join o in db.Offices on t.OfficeId equals o.Id
                                    join u in db.Units on t.LeadUnitId equals u.Id
                                    from tl in db.TaskLights.Where(x => x.TaskId == t.Id).DefaultIfEmpty()
                                    select new
                                    {
                                        t.Id, t.Code, t.Title, t.StartDate, t.Status, t.CompletedOn,
                                        AreaId = a.Id, Area = a.Name, AreaOrder = a.SortOrder, PlanId = p.Id, Plan = p.Name,
                                        OfficeId = o.Id, Office = o.ShortName, Unit = u.Name,
                                        Light = tl == null ? Light.Green : tl.Light,
                                    }).ToListAsync(cancellationToken);
            var ids = candidates.Select(c => c.Id).ToList();
            var reports = await db.Reports.AsNoTracking()
                .Where(r => r.Period == month && ids.Contains(r.TaskId) && r.Status != ReportStatus.Draft)
                .Include(r => r.Problems).Include(r => r.Amendments)
                .ToListAsync(cancellationToken);
            var byTask = reports.ToDictionary(r => r.TaskId);
            var responsibleIds = reports.SelectMany(r => r.Problems).Select(p => p.ResponsibleUnitId).OfType<int>().Distinct().ToList();
            var unitNames = await db.Units.AsNoTracking().Where(u => responsibleIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);

            var shown = candidates.Where(c => byTask.ContainsKey(c.Id) || ReportObligation.IsDue(c.StartDate, c.Status, c.CompletedOn, month)).ToList();
            var manyPlans = shown.Select(c => c.PlanId).Distinct().Count() > 1;
            var rows = shown.Select(c =>
            {
                var report = byTask.GetValueOrDefault(c.Id);
                var row = report is null
                    ? new Row(c.Id, c.Code, c.Title, c.Unit, MeetingRowState.Missing, null, null, c.Light, [])
                    : new Row(
                        c.Id, c.Code, c.Title, c.Unit,
                        report.Status switch
                        {
                            ReportStatus.Accepted => MeetingRowState.Accepted,
                            ReportStatus.Returned => MeetingRowState.Returned,
                            _ => MeetingRowState.Submitted,
                        },
                        report.Effective.Achievement,
                        report.Effective.Percent,
                        c.Light,
                        report.Problems.OrderBy(p => p.Id).Select(p => new Measure(
                            p.Description,
                            p.Measure,
                            p.ResponsibleUnitId is { } unit ? unitNames.GetValueOrDefault(unit) : null,
                            p.ResolveBy,
                            p.ResolvedOn is not null,
                            p.IsOverdue(today))).ToList());
                return new { c, row };
            });

            var groups = query.EffectiveGroup == GroupByOffice
                ? rows.GroupBy(x => new { x.c.OfficeId, x.c.Office }).OrderBy(g => g.Key.OfficeId)
                    .Select(g => new Group(g.Key.Office, g.OrderBy(x => x.c.Code, StringComparer.Ordinal).Select(x => x.row).ToList())).ToList()
                : rows.GroupBy(x => new { x.c.PlanId, x.c.Plan, x.c.AreaId, x.c.Area, x.c.AreaOrder }).OrderBy(g => g.Key.PlanId).ThenBy(g => g.Key.AreaOrder).ThenBy(g => g.Key.AreaId)
                    .Select(g => new Group(manyPlans ? $"{g.Key.Plan} · {g.Key.Area}" : g.Key.Area, g.OrderBy(x => x.c.Code, StringComparer.Ordinal).Select(x => x.row).ToList())).ToList();

            return new Model(query, month.ToString(), null, scopeName, groups, candidates.Count - shown.Count, plans, offices);
        }

        /// <summary>The newest month whose reports were due by now: the month a meeting held today talks about.</summary>
        private YearMonth LatestClosedMonth(DateOnly today)
        {
            var month = YearMonth.Of(today).Previous;
            return calendar.CutOffFor(month) <= today ? month : month.Previous;
        }
    }
}
