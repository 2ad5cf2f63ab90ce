using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Audit;
using ReformTracker.Web.Features.CloseOut;
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
        /// <summary>The close-out (销号) state and history (<c>CloseOutHistory</c>).</summary>
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

    /// <summary>How long what the page shows of a task is kept at most when no save through EF drops it earlier.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public sealed class Handler(
        AppDbContext db,
        DistrictClock clock,
        ReportingCalendar calendar,
        CurrentUser user,
        TaskHistory.Handler history,
        CloseOutHistory.Handler closeOut,
        RegistryOptions.Handler registry,
        IMemoryCache cache,
        DataChangeSignals signals)
    {
        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            // Whether this user may see the task is asked on every visit, through the one scope rule.
            var leadUnitId = await db.Tasks.AsNoTracking().VisibleTo(user).Where(t => t.Id == id)
                .Select(t => (int?)t.LeadUnitId).SingleOrDefaultAsync(cancellationToken);
            if (leadUnitId is not { } lead)
            {
                return null;
            }

            // What the page shows of the task is the same for everyone who may see it: kept until a save changes the task,
            // its milestones, cooperating units, light, flags or close-out (the tasks signal) or a report of its lead unit.
            // Reports filed by an earlier lead unit would not signal through it, so such a task is read afresh every time.
            var shared = await signals.KeptAsync(
                cache,
                string.Create(CultureInfo.InvariantCulture, $"task-page|{id}|{lead}"),
                Lifetime,
                () => ReadAsync(id, cancellationToken),
                s => s is not null && s.Task.LeadUnitId == lead && s.Reports.TrueForAll(r => r.UnitId == lead),
                (DataArea.Tasks, 0),
                (DataArea.UnitReports, lead));
            if (shared is null)
            {
                return null;
            }

            var task = shared.Task;
            var today = clock.Today;
            // The registry's names come from the shared option lists: four lookups fewer on every visit of a task page.
            var plan = (await registry.PlansAsync(cancellationToken)).FirstOrDefault(p => p.Id == task.PlanId)?.Name ?? string.Empty;
            var area = (await registry.AreasAsync(cancellationToken)).FirstOrDefault(a => a.Id == task.AreaId)?.Name ?? string.Empty;
            var office = (await registry.OfficesAsync(cancellationToken)).FirstOrDefault(o => o.Id == task.OfficeId)?.Name ?? string.Empty;
            var units = await registry.UnitsAsync(cancellationToken);
            var leadUnit = units.FirstOrDefault(u => u.Id == task.LeadUnitId)?.Name ?? string.Empty;
            var official = task.LeadingOfficialId is { } officialId
                ? (await registry.OfficialsAsync(cancellationToken)).FirstOrDefault(o => o.Id == officialId)?.NameAndPosition
                : null;
            var cooperating = units.Where(u => task.CooperatingUnitIds.Contains(u.Id)).Select(u => u.Name).ToList();
            // A problem's responsible unit is named only while it is live, as the option lists hold it.
            string? UnitName(int? unitId) => unitId is { } u ? units.FirstOrDefault(x => x.Id == u)?.Name : null;

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
                ReformTask.IsOverdueOn(task.Status, task.DueDate, today),
                task.DueDate.DayNumber - today.DayNumber,
                task.Milestones.Select(m => new MilestoneRow(m.Title, m.PlannedDate, m.DoneDate, Milestone.StateOf(m.PlannedDate, m.DoneDate, today))).ToList(),
                shared.Reports.Select(r => new ReportRow(
                    r.Id,
                    r.Period,
                    r.Status,
                    r.PercentComplete,
                    r.Achievement,
                    r.InvestmentThisMonth,
                    r.SubmittedAtUtc is { } submitted ? clock.ToLocal(submitted) : null,
                    r.ReviewComment,
                    r.Problems.Select(p => new ProblemRow(p.Description, p.Measure, UnitName(p.ResponsibleUnitId), p.ResolveBy)).ToList(),
                    r.Amendments.Select(a => new AmendmentRow(a.Reason, a.CorrectedAchievement, a.CorrectedPercent, a.AmendedBy, clock.ToLocal(a.CreatedAtUtc))).ToList())).ToList(),
                await history.HandleAsync(id, cancellationToken),
                user.Files(task.LeadUnitId),
                calendar.OpenPeriodOn(today),
                task.Light is { } light
                    ? new LightModel(light.Light, task.OpenFlagReasons, light.ExpectedPercent, light.PredictedFinish, clock.ToLocal(light.EvaluatedAtUtc))
                    : new LightModel(Light.Green, task.OpenFlagReasons, null, null, null))
            {
                CloseOut = closeOut.For(new CloseOutHistory.TaskFacts(task.Id, task.Status, task.LeadUnitId, task.OfficeId), shared.CloseOuts),
            };
        }

        /// <summary>The task as everyone who may see it sees it; null when it is gone. The caller has applied the scope rule.</summary>
        private async Task<SharedPart?> ReadAsync(int id, CancellationToken cancellationToken)
        {
            // The task with its light, milestones, cooperating units and open flags in one query: a task has a few of each,
            // so their joined rows cost less than the round trips of separate queries.
            var task = await (from t in db.Tasks.AsNoTracking()
                              where t.Id == id
                              join l in db.TaskLights on t.Id equals l.TaskId into lights
                              from l in lights.DefaultIfEmpty()
                              select new TaskRow
                              {
                                  Id = t.Id,
                                  Version = t.Version,
                                  Code = t.Code,
                                  Title = t.Title,
                                  Content = t.Content,
                                  Target = t.Target,
                                  WorkStandard = t.WorkStandard,
                                  PlanId = t.PlanId,
                                  AreaId = t.AreaId,
                                  OfficeId = t.OfficeId,
                                  LeadUnitId = t.LeadUnitId,
                                  LeadingOfficialId = t.LeadingOfficialId,
                                  StartDate = t.StartDate,
                                  DueDate = t.DueDate,
                                  Priority = t.Priority,
                                  Status = t.Status,
                                  CompletedOn = t.CompletedOn,
                                  PercentComplete = t.PercentComplete,
                                  LastReportedPeriod = t.LastReportedPeriod,
                                  IsKeyProject = t.IsKeyProject,
                                  PlannedTotalInvestment = t.PlannedTotalInvestment,
                                  PlannedAnnualInvestment = t.PlannedAnnualInvestment,
                                  InvestmentCompletedToDate = t.InvestmentCompletedToDate,
                                  ConstructionState = t.ConstructionState,
                                  Light = l == null ? null : new LightRow(l.Light, l.ExpectedPercent, l.PredictedFinish, l.EvaluatedAtUtc),
                                  Milestones = t.Milestones.OrderBy(m => m.PlannedDate).Select(m => new MilestoneColumns(m.Title, m.PlannedDate, m.DoneDate)).ToList(),
                                  CooperatingUnitIds = t.Cooperations.Select(c => c.UnitId).ToList(),
                                  OpenFlagReasons = db.Flags.Where(f => f.TaskId == t.Id && f.ClosedAtUtc == null)
                                      .OrderByDescending(f => f.Light).ThenBy(f => f.OpenedAtUtc).Select(f => f.Reason).ToList(),
                                  HasCloseOutApplications = db.CloseOutApplications.Any(c => c.TaskId == t.Id),
                              })
                .AsSingleQuery()
                .SingleOrDefaultAsync(cancellationToken);
            if (task is null)
            {
                return null;
            }

            // Problems and amendments are rare: joining them to a task's dozen reports beats two more queries.
            var reports = await db.Reports.AsNoTracking()
                .Where(r => r.TaskId == id)
                .OrderByDescending(r => r.Period)
                .Select(r => new ReportColumns(
                    r.Id,
                    r.UnitId,
                    r.Period,
                    r.Status,
                    r.PercentComplete,
                    r.Achievement,
                    r.InvestmentThisMonth,
                    r.SubmittedAtUtc,
                    r.ReviewComment,
                    r.Problems.Select(p => new ProblemColumns(p.Description, p.Measure, p.ResponsibleUnitId, p.ResolveBy)).ToList(),
                    r.Amendments.OrderBy(a => a.CreatedAtUtc)
                        .Select(a => new AmendmentColumns(a.Reason, a.CorrectedAchievement, a.CorrectedPercent, a.AmendedBy, a.CreatedAtUtc)).ToList()))
                .AsSingleQuery()
                .ToListAsync(cancellationToken);
            // Most tasks never applied for close-out: no query when the task's row says so.
            var closeOuts = task.HasCloseOutApplications ? await closeOut.ApplicationsAsync(id, cancellationToken) : [];
            return new SharedPart(task, reports, closeOuts);
        }
    }

    private sealed record SharedPart(TaskRow Task, List<ReportColumns> Reports, IReadOnlyList<CloseOutHistory.Row> CloseOuts);

    private sealed class TaskRow
    {
        public int Id { get; init; }

        public int Version { get; init; }

        public required string Code { get; init; }

        public required string Title { get; init; }

        public required string Content { get; init; }

        public required string Target { get; init; }

        public required string WorkStandard { get; init; }

        public int PlanId { get; init; }

        public int AreaId { get; init; }

        public int OfficeId { get; init; }

        public int LeadUnitId { get; init; }

        public int? LeadingOfficialId { get; init; }

        public DateOnly StartDate { get; init; }

        public DateOnly DueDate { get; init; }

        public TaskPriority Priority { get; init; }

        public ReformTaskStatus Status { get; init; }

        public DateOnly? CompletedOn { get; init; }

        public int PercentComplete { get; init; }

        public YearMonth? LastReportedPeriod { get; init; }

        public bool IsKeyProject { get; init; }

        public decimal? PlannedTotalInvestment { get; init; }

        public decimal? PlannedAnnualInvestment { get; init; }

        public decimal InvestmentCompletedToDate { get; init; }

        public ConstructionState? ConstructionState { get; init; }

        public LightRow? Light { get; init; }

        public required List<MilestoneColumns> Milestones { get; init; }

        public required List<int> CooperatingUnitIds { get; init; }

        public required List<string> OpenFlagReasons { get; init; }

        public bool HasCloseOutApplications { get; init; }
    }

    private sealed record LightRow(Light Light, int? ExpectedPercent, DateOnly? PredictedFinish, DateTime EvaluatedAtUtc);

    private sealed record MilestoneColumns(string Title, DateOnly PlannedDate, DateOnly? DoneDate);

    private sealed record ReportColumns(
        int Id,
        int UnitId,
        YearMonth Period,
        ReportStatus Status,
        int PercentComplete,
        string Achievement,
        decimal? InvestmentThisMonth,
        DateTime? SubmittedAtUtc,
        string? ReviewComment,
        List<ProblemColumns> Problems,
        List<AmendmentColumns> Amendments);

    private sealed record ProblemColumns(string Description, string Measure, int? ResponsibleUnitId, DateOnly? ResolveBy);

    private sealed record AmendmentColumns(string Reason, string CorrectedAchievement, int CorrectedPercent, string AmendedBy, DateTime CreatedAtUtc);
}
