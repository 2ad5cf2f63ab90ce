using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Features.Tasks;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Infrastructure.Spreadsheets;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>
/// 导出任务清单: the task list as filtered on /tasks (same query, same row scope) as an .xlsx whose first columns are the
/// import template's, so an exported sheet can be edited and imported again; status, percent and light follow, read-only.
/// </summary>
public static class ExportTasks
{
    public sealed record File(byte[] Content, string FileName);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        public async Task<File> HandleAsync(TaskList.Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var today = clock.Today;
            var tasks = TaskList.Handler.FilterWithLight(db, db.Tasks.AsNoTracking().VisibleTo(user), query, today);
            var rows = await (from t in tasks
                              join a in db.Areas on t.AreaId equals a.Id
                              join o in db.Offices on t.OfficeId equals o.Id
                              join u in db.Units on t.LeadUnitId equals u.Id
                              from official in db.Officials.Where(x => x.Id == t.LeadingOfficialId).DefaultIfEmpty()
                              from light in db.TaskLights.Where(x => x.TaskId == t.Id).DefaultIfEmpty()
                              select new
                              {
                                  Task = t,
                                  Area = a.Name,
                                  Office = o.ShortName,
                                  Unit = u.Name,
                                  Official = official == null ? null : official.Name,
                                  Light = light == null ? Light.Green : light.Light,
                              }).ToListAsync(cancellationToken);

            var ids = rows.Select(r => r.Task.Id).ToList();
            var cooperating = (await (from c in db.TaskCooperations
                                      join u in db.Units on c.UnitId equals u.Id
                                      where ids.Contains(c.TaskId)
                                      select new { TaskId = c.TaskId, u.Name }).ToListAsync(cancellationToken))
                .ToLookup(c => c.TaskId, c => c.Name);

            var sorted = query.EffectiveSort switch
            {
                "title" => rows.OrderBy(r => r.Task.Title, StringComparer.Ordinal).ThenBy(r => r.Task.Id),
                "due" => rows.OrderBy(r => r.Task.DueDate).ThenBy(r => r.Task.Code, StringComparer.Ordinal),
                "-due" => rows.OrderByDescending(r => r.Task.DueDate).ThenBy(r => r.Task.Code, StringComparer.Ordinal),
                "progress" => rows.OrderBy(r => r.Task.PercentComplete).ThenBy(r => r.Task.Code, StringComparer.Ordinal),
                "-progress" => rows.OrderByDescending(r => r.Task.PercentComplete).ThenBy(r => r.Task.Code, StringComparer.Ordinal),
                "unit" => rows.OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Task.Code, StringComparer.Ordinal),
                _ => rows.OrderBy(r => r.Task.Code, StringComparer.Ordinal).ThenBy(r => r.Task.Id),
            };

            var values = sorted.Select(r => (IReadOnlyList<object?>)TaskSheetColumns.All.Select(c => (object?)(c.Key switch
            {
                TaskColumn.Code => r.Task.Code,
                TaskColumn.Title => r.Task.Title,
                TaskColumn.Content => r.Task.Content,
                TaskColumn.Target => r.Task.Target,
                TaskColumn.WorkStandard => r.Task.WorkStandard,
                TaskColumn.Area => r.Area,
                TaskColumn.Office => r.Office,
                TaskColumn.LeadUnit => r.Unit,
                TaskColumn.CooperatingUnits => string.Join("、", cooperating[r.Task.Id].Order(StringComparer.Ordinal)),
                TaskColumn.LeadingOfficial => r.Official,
                TaskColumn.StartDate => r.Task.StartDate,
                TaskColumn.DueDate => r.Task.DueDate,
                TaskColumn.Priority => r.Task.Priority.Label(),
                TaskColumn.KeyProject => r.Task.IsKeyProject ? "是" : "否",
                TaskColumn.PlannedTotalInvestment => r.Task.PlannedTotalInvestment,
                TaskColumn.PlannedAnnualInvestment => r.Task.PlannedAnnualInvestment,
                TaskColumn.ConstructionState => r.Task.ConstructionState?.Label(),
                TaskColumn.Status => r.Task.Status.Label(),
                TaskColumn.Percent => r.Task.PercentComplete,
                TaskColumn.Light => r.Light.Label(),
                _ => null,
            })).ToList()).ToList();

            var content = XlsxWriter.Write(new XlsxSheet(l["任务清单"], TaskSheetColumns.All.Select(c => c.Header).ToList(), values));
            return new File(content, l["任务清单-{0}.xlsx", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }
}

/// <summary>下载导入模板: the template's columns, how to fill each, and the names the plan and the registry accept.</summary>
public static class ImportTemplate
{
    public sealed class Handler(AppDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<ExportTasks.File?> HandleAsync(int planId, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
            if (plan is null)
            {
                return null;
            }

            var columns = TaskSheetColumns.Importable.ToList();
            var tasks = new XlsxSheet(l["任务清单"], columns.Select(c => c.Header).ToList(), []);
            var guide = new XlsxSheet(
                l["填写说明"],
                [l["列名"], l["是否必填"], l["填写要求"]],
                TaskSheetColumns.All.Select(c => (IReadOnlyList<object?>)[c.Header, c.Required ? l["必填"].Value : string.Empty, l[c.Description].Value]).ToList());

            var areas = await db.Areas.AsNoTracking().Where(a => a.PlanId == planId).OrderBy(a => a.SortOrder).Select(a => a.Name).ToListAsync(cancellationToken);
            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => o.ShortName).ToListAsync(cancellationToken);
            var units = (await db.UnitsInDisplayOrderAsync(cancellationToken)).Select(u => u.Name).ToList();
            var officials = await db.Officials.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Name).ToListAsync(cancellationToken);
            var lists = new[] { areas, offices, units, officials };
            var longest = lists.Max(x => x.Count);
            var choices = new XlsxSheet(
                l["可选值"],
                [TaskSheetColumns.Get(TaskColumn.Area).Header, TaskSheetColumns.Get(TaskColumn.Office).Header, l["单位"], TaskSheetColumns.Get(TaskColumn.LeadingOfficial).Header],
                Enumerable.Range(0, longest).Select(i => (IReadOnlyList<object?>)lists.Select(list => (object?)(i < list.Count ? list[i] : null)).ToList()).ToList());

            return new ExportTasks.File(XlsxWriter.Write(tasks, guide, choices), l["{0}-导入模板.xlsx", plan]);
        }
    }
}
