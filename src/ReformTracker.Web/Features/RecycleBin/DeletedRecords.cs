using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.RecycleBin;

/// <summary>回收站: every deleted task, office, unit and plan, newest deletion first, each restorable.</summary>
public static class DeletedRecords
{
    public sealed record Row(RecordKind Kind, int Id, string Name, DateTime DeletedAtLocal);

    public sealed record Model(IReadOnlyList<Row> Rows);

    public sealed class Handler(AppDbContext db, DistrictClock clock)
    {
        public async Task<Model> HandleAsync(CancellationToken cancellationToken)
        {
            var rows = new List<Row>();
            rows.AddRange(await db.Tasks.IgnoreQueryFilters().Where(t => t.IsDeleted)
                .Select(t => new Row(RecordKind.Task, t.Id, t.Code + " " + t.Title, t.DeletedAtUtc ?? t.UpdatedAtUtc)).ToListAsync(cancellationToken));
            rows.AddRange(await db.Offices.IgnoreQueryFilters().Where(o => o.IsDeleted)
                .Select(o => new Row(RecordKind.Office, o.Id, o.Name, o.DeletedAtUtc ?? o.UpdatedAtUtc)).ToListAsync(cancellationToken));
            rows.AddRange(await db.Units.IgnoreQueryFilters().Where(u => u.IsDeleted)
                .Select(u => new Row(RecordKind.Unit, u.Id, u.Name, u.DeletedAtUtc ?? u.UpdatedAtUtc)).ToListAsync(cancellationToken));
            rows.AddRange(await db.Plans.IgnoreQueryFilters().Where(p => p.IsDeleted)
                .Select(p => new Row(RecordKind.Plan, p.Id, p.Name, p.DeletedAtUtc ?? p.UpdatedAtUtc)).ToListAsync(cancellationToken));
            return new Model(rows.Select(r => r with { DeletedAtLocal = clock.ToLocal(r.DeletedAtLocal) }).OrderByDescending(r => r.DeletedAtLocal).ToList());
        }
    }

    public static string KindLabel(this RecordKind kind) => kind switch
    {
        RecordKind.Task => "任务",
        RecordKind.Office => "专项办",
        RecordKind.Unit => "单位",
        RecordKind.Plan => "改革清单",
        _ => kind.ToString(),
    };
}

/// <summary>Restores a deleted record when everything it points at is still there.</summary>
public static class RestoreRecord
{
    public sealed class Handler(AppDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(RecordKind kind, int id, CancellationToken cancellationToken)
        {
            switch (kind)
            {
                case RecordKind.Task:
                    var task = await db.Tasks.IgnoreQueryFilters().SingleOrDefaultAsync(t => t.Id == id && t.IsDeleted, cancellationToken);
                    if (task is null)
                    {
                        return CommandResult.NotFound();
                    }

                    var parentsAlive = await db.Plans.AnyAsync(p => p.Id == task.PlanId, cancellationToken)
                        && await db.Areas.AnyAsync(a => a.Id == task.AreaId, cancellationToken)
                        && await db.Offices.AnyAsync(o => o.Id == task.OfficeId, cancellationToken)
                        && await db.Units.AnyAsync(u => u.Id == task.LeadUnitId, cancellationToken);
                    if (!parentsAlive)
                    {
                        return CommandResult.Invalid(string.Empty, l["该任务所属的清单、领域、专项办或牵头单位已被删除，请先恢复它们"]);
                    }

                    task.Restore();
                    break;
                case RecordKind.Office:
                    var office = await db.Offices.IgnoreQueryFilters().SingleOrDefaultAsync(o => o.Id == id && o.IsDeleted, cancellationToken);
                    if (office is null)
                    {
                        return CommandResult.NotFound();
                    }

                    office.Restore();
                    break;
                case RecordKind.Unit:
                    var unit = await db.Units.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.Id == id && u.IsDeleted, cancellationToken);
                    if (unit is null)
                    {
                        return CommandResult.NotFound();
                    }

                    if (unit.ParentId is { } parent && !await db.Units.AnyAsync(u => u.Id == parent, cancellationToken))
                    {
                        return CommandResult.Invalid(string.Empty, l["该单位的上级单位已被删除，请先恢复上级单位"]);
                    }

                    unit.Restore();
                    break;
                case RecordKind.Plan:
                    var plan = await db.Plans.IgnoreQueryFilters().SingleOrDefaultAsync(p => p.Id == id && p.IsDeleted, cancellationToken);
                    if (plan is null)
                    {
                        return CommandResult.NotFound();
                    }

                    plan.Restore();
                    foreach (var area in await db.Areas.IgnoreQueryFilters().Where(a => a.PlanId == id && a.IsDeleted).ToListAsync(cancellationToken))
                    {
                        area.Restore();
                    }

                    break;
                default:
                    return CommandResult.NotFound();
            }

            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(id);
        }
    }
}
