using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Audit;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Tasks;

/// <summary>One task with its milestones, cooperating units, report history and change history.</summary>
public static class TaskDetails
{
    public sealed record Model(
        int Id,
        int Version,
        string Code,
        string Title,
        string Content,
        string Target,
        string WorkStandard,
        int PlanId,
        string PlanName,
        string AreaName,
        string OfficeName,
        string LeadUnitName,
        string? LeadingOfficial,
        IReadOnlyList<string> CooperatingUnits,
        DateOnly StartDate,
        DateOnly DueDate,
        TaskPriority Priority,
        ReformTaskStatus Status,
        DateOnly? CompletedOn,
        int PercentComplete,
        YearMonth? LastReportedPeriod,
        KeyProjectModel? KeyProject,
        bool IsOverdue,
        int DaysUntilDue,
        IReadOnlyList<MilestoneRow> Milestones,
        IReadOnlyList<ReportRow> Reports,
        IReadOnlyList<TaskHistory.Entry> History,
        bool MayFile,
        YearMonth OpenPeriod,
        LightModel Light)
    {
        /// <summary>The close-out (销号) state and history, set by the controller from <c>CloseOutHistory</c>.</summary>
        public CloseOut.CloseOutHistory.Model? CloseOut { get; init; }
    }

    /// <summary>The task's traffic light with each open flag's reason, the expected progress and the predicted finish.</summary>
    public sealed record LightModel(Light Light, IReadOnlyList<string> Reasons, int? ExpectedPercent, DateOnly? PredictedFinish, DateTime? EvaluatedAtLocal);

    public sealed record KeyProjectModel(decimal PlannedTotal, decimal PlannedAnnual, decimal CompletedToDate, ConstructionState? State)
    {
        public decimal? AnnualCompletionRate => PlannedAnnual > 0 ? Math.Round(CompletedToDate / PlannedAnnual * 100, 1) : null;
    }

    public sealed record MilestoneRow(string Title, DateOnly PlannedDate, DateOnly? DoneDate, MilestoneState State);

    public sealed record ReportRow(
        int Id,
        YearMonth Period,
        ReportStatus Status,
        int PercentComplete,
        string Achievement,
        decimal? InvestmentThisMonth,
        DateTime? SubmittedAtLocal,
        string? ReviewComment,
        IReadOnlyList<ProblemRow> Problems,
        IReadOnlyList<AmendmentRow> Amendments);

    public sealed record AmendmentRow(string Reason, string CorrectedAchievement, int CorrectedPercent, string AmendedBy, DateTime AmendedAtLocal);

    public sealed record ProblemRow(string Description, string Measure, string? ResponsibleUnit, DateOnly? ResolveBy);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user, TaskHistory.Handler history, RegistryOptions.Handler registry)
    {
        private async Task<LightModel> LightAsync(int id, CancellationToken cancellationToken)
        {
            var light = await db.TaskLights.AsNoTracking().SingleOrDefaultAsync(l => l.TaskId == id, cancellationToken);
            var reasons = await db.Flags.AsNoTracking().Where(f => f.TaskId == id && f.ClosedAtUtc == null)
                .OrderByDescending(f => f.Light).ThenBy(f => f.OpenedAtUtc).Select(f => f.Reason).ToListAsync(cancellationToken);
            return light is null
                ? new LightModel(Light.Green, reasons, null, null, null)
                : new LightModel(light.Light, reasons, light.ExpectedPercent, light.PredictedFinish, clock.ToLocal(light.EvaluatedAtUtc));
        }

        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var today = clock.Today;
            // One task with a few milestones and cooperating units: one joined query costs less than three split ones.
            var task = await db.Tasks.AsNoTracking().VisibleTo(user)
                .Include(t => t.Milestones)
                .Include(t => t.Cooperations)
                .AsSingleQuery()
                .SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (task is null)
            {
                return null;
            }

            // The registry's names come from the shared option lists: four lookups fewer on every visit of a task page.
            var plan = (await registry.PlansAsync(cancellationToken)).FirstOrDefault(p => p.Id == task.PlanId)?.Name ?? string.Empty;
            var area = (await registry.AreasAsync(cancellationToken)).FirstOrDefault(a => a.Id == task.AreaId)?.Name ?? string.Empty;
            var office = (await registry.OfficesAsync(cancellationToken)).FirstOrDefault(o => o.Id == task.OfficeId)?.Name ?? string.Empty;
            var leadUnit = (await registry.UnitsAsync(cancellationToken)).FirstOrDefault(u => u.Id == task.LeadUnitId)?.Name ?? string.Empty;
            var official = task.LeadingOfficialId is { } officialId
                ? (await registry.OfficialsAsync(cancellationToken)).FirstOrDefault(o => o.Id == officialId)?.NameAndPosition
                : null;

            var cooperatingIds = task.Cooperations.Select(c => c.UnitId).ToList();
            var cooperating = (await registry.UnitsAsync(cancellationToken)).Where(u => cooperatingIds.Contains(u.Id)).Select(u => u.Name).ToList();

            // Problems and amendments are rare: joining them to a task's dozen reports beats two more queries.
            var reports = await db.Reports.AsNoTracking().Include(r => r.Problems).Include(r => r.Amendments)
                .AsSingleQuery()
                .Where(r => r.TaskId == id)
                .OrderByDescending(r => r.Period)
                .ToListAsync(cancellationToken);
            var unitIds = reports.SelectMany(r => r.Problems).Select(p => p.ResponsibleUnitId).OfType<int>().Distinct().ToList();
            var unitNames = unitIds.Count == 0
                ? []
                : await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            var changes = await history.HandleAsync(id, cancellationToken);

            return new Model(
                task.Id,
                task.Version,
                task.Code,
                task.Title,
                task.Content,
                task.Target,
                task.WorkStandard,
                task.PlanId,
                plan,
                area,
                office,
                leadUnit,
                official,
                cooperating,
                task.StartDate,
                task.DueDate,
                task.Priority,
                task.Status,
                task.CompletedOn,
                task.PercentComplete,
                task.LastReportedPeriod,
                task.IsKeyProject
                    ? new KeyProjectModel(task.PlannedTotalInvestment ?? 0, task.PlannedAnnualInvestment ?? 0, task.InvestmentCompletedToDate, task.ConstructionState)
                    : null,
                task.IsOverdue(today),
                task.DaysUntilDue(today),
                task.Milestones.OrderBy(m => m.PlannedDate).Select(m => new MilestoneRow(m.Title, m.PlannedDate, m.DoneDate, m.StateOn(today))).ToList(),
                reports.Select(r => new ReportRow(
                    r.Id,
                    r.Period,
                    r.Status,
                    r.PercentComplete,
                    r.Achievement,
                    r.InvestmentThisMonth,
                    r.SubmittedAtUtc is { } submitted ? clock.ToLocal(submitted) : null,
                    r.ReviewComment,
                    r.Problems.Select(p => new ProblemRow(p.Description, p.Measure, p.ResponsibleUnitId is { } u ? unitNames.GetValueOrDefault(u) : null, p.ResolveBy)).ToList(),
                    r.Amendments.OrderBy(a => a.CreatedAtUtc).Select(a => new AmendmentRow(a.Reason, a.CorrectedAchievement, a.CorrectedPercent, a.AmendedBy, clock.ToLocal(a.CreatedAtUtc))).ToList())).ToList(),
                changes,
                user.Can(Permissions.ReportsFile) && await db.Tasks.FiledBy(user).AnyAsync(t => t.Id == id, cancellationToken),
                calendar.OpenPeriodOn(today),
                await LightAsync(id, cancellationToken));
        }
    }
}
