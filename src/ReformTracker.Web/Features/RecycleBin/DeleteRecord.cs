using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.RecycleBin;

/// <summary>
/// Deleting hides a record (soft delete) and is refused while live records still depend on it, so nothing is left
/// pointing at a hidden office, unit or plan. The audit trail records the deletion like any other change.
/// </summary>
public static class DeleteRecord
{
    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(RecordKind kind, int id, CancellationToken cancellationToken)
        {
            var refusal = kind switch
            {
                RecordKind.Task => null,
                RecordKind.Office => await OfficeDependentsAsync(id, cancellationToken),
                RecordKind.Unit => await UnitDependentsAsync(id, cancellationToken),
                RecordKind.Plan => await PlanDependentsAsync(id, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
            var record = await FindAsync(kind, id, cancellationToken);
            if (record is null)
            {
                return CommandResult.NotFound();
            }

            if (refusal is not null)
            {
                return CommandResult.Invalid(string.Empty, refusal);
            }

            var now = clock.UtcNow;
            record.MarkDeleted(now);
            if (kind == RecordKind.Plan)
            {
                foreach (var area in await db.Areas.Where(a => a.PlanId == id).ToListAsync(cancellationToken))
                {
                    area.MarkDeleted(now);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(id);
        }

        private async Task<Entity?> FindAsync(RecordKind kind, int id, CancellationToken cancellationToken) => kind switch
        {
            RecordKind.Task => await db.Tasks.VisibleTo(user).SingleOrDefaultAsync(t => t.Id == id, cancellationToken),
            RecordKind.Office => await db.Offices.SingleOrDefaultAsync(o => o.Id == id, cancellationToken),
            RecordKind.Unit => await db.Units.SingleOrDefaultAsync(u => u.Id == id, cancellationToken),
            RecordKind.Plan => await db.Plans.SingleOrDefaultAsync(p => p.Id == id, cancellationToken),
            _ => null,
        };

        private async Task<string?> OfficeDependentsAsync(int id, CancellationToken cancellationToken)
        {
            var tasks = await db.Tasks.CountAsync(t => t.OfficeId == id, cancellationToken);
            if (tasks > 0)
            {
                return l["该专项办仍负责 {0} 项任务，请先把这些任务调整到其他专项办", tasks];
            }

            var users = await db.Users.CountAsync(u => u.OfficeId == id && !u.IsDisabled, cancellationToken);
            return users > 0 ? l["仍有 {0} 个在用账户属于该专项办，请先调整或停用这些账户", users].Value : null;
        }

        private async Task<string?> UnitDependentsAsync(int id, CancellationToken cancellationToken)
        {
            var tasks = await db.Tasks.CountAsync(t => t.LeadUnitId == id || t.Cooperations.Any(c => c.UnitId == id), cancellationToken);
            if (tasks > 0)
            {
                return l["该单位仍牵头或配合 {0} 项任务，请先调整这些任务", tasks];
            }

            if (await db.Units.AnyAsync(u => u.ParentId == id, cancellationToken))
            {
                return l["该单位还有下级单位，请先调整下级单位"];
            }

            var users = await db.Users.CountAsync(u => u.UnitId == id && !u.IsDisabled, cancellationToken);
            return users > 0 ? l["仍有 {0} 个在用账户属于该单位，请先调整或停用这些账户", users].Value : null;
        }

        private async Task<string?> PlanDependentsAsync(int id, CancellationToken cancellationToken)
        {
            var tasks = await db.Tasks.CountAsync(t => t.PlanId == id, cancellationToken);
            return tasks > 0 ? l["该清单仍有 {0} 项任务，请先删除或移出这些任务", tasks].Value : null;
        }
    }
}

public enum RecordKind
{
    Task,
    Office,
    Unit,
    Plan,
}
