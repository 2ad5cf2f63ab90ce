using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Evidence;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.CloseOut;

/// <summary>A task's close-out applications, newest first, each with its evidence (for the task page and the close-out page).</summary>
public static class CloseOutHistory
{
    public sealed record FileLink(int Id, string FileName, long SizeBytes)
    {
        public string Size => EvidenceFileRules.FormatSize(SizeBytes);
    }

    public sealed record Row(
        int Id, CloseOutStatus Status, string Summary, string AppliedBy, DateTime AppliedAtLocal, string? DecidedBy, DateTime? DecidedAtLocal,
        string? DecisionReason, IReadOnlyList<FileLink> Files);

    /// <param name="MayApply">The user files for the task (its lead unit), it is not completed and nothing is pending.</param>
    /// <param name="MayDecide">The user reviews the task's office and an application is pending.</param>
    public sealed record Model(int TaskId, IReadOnlyList<Row> Applications, bool MayApply, bool MayDecide)
    {
        public Row? Pending => Applications.FirstOrDefault(a => a.Status == CloseOutStatus.Pending);

        public Row? Latest => Applications.Count > 0 ? Applications[0] : null;
    }

    /// <summary>What the history needs to know of its task, for a caller that has read the task already.</summary>
    public sealed record TaskFacts(int TaskId, ReformTaskStatus Status, int LeadUnitId, int OfficeId);

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user)
    {
        /// <summary>The caller has checked that the task is visible to the user.</summary>
        public async Task<Model> HandleAsync(int taskId, CancellationToken cancellationToken)
        {
            var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId)
                .Select(t => new TaskFacts(t.Id, t.Status, t.LeadUnitId, t.OfficeId)).SingleAsync(cancellationToken);
            return For(task, await ApplicationsAsync(taskId, cancellationToken));
        }

        /// <summary>The task's applications, newest first, each with its evidence: the same for everyone who may see the task.</summary>
        public async Task<IReadOnlyList<Row>> ApplicationsAsync(int taskId, CancellationToken cancellationToken)
        {
            var applications = await db.CloseOutApplications.AsNoTracking().Where(c => c.TaskId == taskId)
                .OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
            var ids = applications.Select(a => a.Id).ToList();
            var files = (ids.Count == 0 ? [] : await db.EvidenceFiles.AsNoTracking()
                    .Where(e => e.CloseOutId != null && ids.Contains(e.CloseOutId.Value))
                    .OrderBy(e => e.Id)
                    .Select(e => new { Owner = e.CloseOutId!.Value, e.Id, e.FileName, e.SizeBytes })
                    .ToListAsync(cancellationToken))
                .ToLookup(e => e.Owner, e => new FileLink(e.Id, e.FileName, e.SizeBytes));
            return applications.Select(a => new Row(
                    a.Id, a.Status, a.Summary, a.AppliedBy, clock.ToLocal(a.AppliedAtUtc), a.DecidedBy,
                    a.DecidedAtUtc is { } decided ? clock.ToLocal(decided) : null, a.DecisionReason, files[a.Id].ToList()))
                .ToList();
        }

        /// <summary>The history as this user sees it: whether they may apply (the lead unit) or decide (the task's office).</summary>
        public Model For(TaskFacts task, IReadOnlyList<Row> applications)
        {
            ArgumentNullException.ThrowIfNull(task);
            ArgumentNullException.ThrowIfNull(applications);
            var pending = applications.Any(r => r.Status == CloseOutStatus.Pending);
            var leads = user.Files(task.LeadUnitId);
            var reviews = user.Reviews(task.OfficeId);
            return new Model(task.TaskId, applications, leads && !pending && task.Status != ReformTaskStatus.Completed, reviews && pending);
        }
    }
}
