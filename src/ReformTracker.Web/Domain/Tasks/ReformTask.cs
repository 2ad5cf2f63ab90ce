using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Tasks;

/// <summary>改革任务 / 重点项目: the unit of work, answered for by exactly one lead unit.</summary>
public sealed class ReformTask : Entity
{
    private readonly List<Milestone> _milestones = [];
    private readonly List<TaskCooperation> _cooperations = [];

    private ReformTask()
    {
        Code = string.Empty;
        Title = string.Empty;
        Content = string.Empty;
        Target = string.Empty;
        WorkStandard = string.Empty;
    }

    public ReformTask(int planId, TaskDefinition definition, IEnumerable<int> cooperatingUnitIds)
        : this()
    {
        PlanId = planId;
        Status = ReformTaskStatus.NotStarted;
        Redefine(definition, cooperatingUnitIds);
    }

    public int PlanId { get; private set; }

    /// <summary>Unique within the plan, e.g. GM-2026-01.</summary>
    public string Code { get; private set; }

    public string Title { get; private set; }

    public string Content { get; private set; }

    /// <summary>目标.</summary>
    public string Target { get; private set; }

    /// <summary>工作标准.</summary>
    public string WorkStandard { get; private set; }

    public int AreaId { get; private set; }

    public int OfficeId { get; private set; }

    public int LeadUnitId { get; private set; }

    public int? LeadingOfficialId { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly DueDate { get; private set; }

    /// <summary>The due date before the first approved extension moved it; null while never extended.</summary>
    public DateOnly? OriginalDueDate { get; private set; }

    public TaskPriority Priority { get; private set; }

    public ReformTaskStatus Status { get; private set; }

    public DateOnly? CompletedOn { get; private set; }

    public bool IsKeyProject { get; private set; }

    /// <summary>计划总投资（万元）.</summary>
    public decimal? PlannedTotalInvestment { get; private set; }

    /// <summary>年度计划投资（万元）.</summary>
    public decimal? PlannedAnnualInvestment { get; private set; }

    public ConstructionState? ConstructionState { get; private set; }

    /// <summary>Progress as of the latest accepted report, 0–100.</summary>
    public int PercentComplete { get; private set; }

    public YearMonth? LastReportedPeriod { get; private set; }

    /// <summary>Investment completed to date (万元), the sum of accepted reports.</summary>
    public decimal InvestmentCompletedToDate { get; private set; }

    public IReadOnlyList<Milestone> Milestones => _milestones;

    public IReadOnlyList<TaskCooperation> Cooperations => _cooperations;

    public bool IsClosed => Status == ReformTaskStatus.Completed;

    public bool IsOverdue(DateOnly today) => IsOverdueOn(Status, DueDate, today);

    /// <summary>The same rule over projected columns, for read models that never load the entity.</summary>
    public static bool IsOverdueOn(ReformTaskStatus status, DateOnly dueDate, DateOnly today) =>
        status != ReformTaskStatus.Completed && status != ReformTaskStatus.Suspended && dueDate < today;

    public int DaysUntilDue(DateOnly today) => DueDate.DayNumber - today.DayNumber;

    public void Redefine(TaskDefinition definition, IEnumerable<int> cooperatingUnitIds)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.DueDate < definition.StartDate)
        {
            throw new ArgumentException("The due date cannot precede the start date.", nameof(definition));
        }

        Code = definition.Code.Trim();
        Title = definition.Title.Trim();
        Content = definition.Content.Trim();
        Target = definition.Target.Trim();
        WorkStandard = definition.WorkStandard.Trim();
        AreaId = definition.AreaId;
        OfficeId = definition.OfficeId;
        LeadUnitId = definition.LeadUnitId;
        LeadingOfficialId = definition.LeadingOfficialId;
        StartDate = definition.StartDate;
        DueDate = definition.DueDate;
        Priority = definition.Priority;
        IsKeyProject = definition.KeyProject is not null;
        PlannedTotalInvestment = definition.KeyProject?.PlannedTotalInvestment;
        PlannedAnnualInvestment = definition.KeyProject?.PlannedAnnualInvestment;
        ConstructionState = definition.KeyProject?.ConstructionState;
        SetCooperatingUnits(cooperatingUnitIds);
    }

    /// <summary>The lead unit is never also listed as cooperating; duplicates collapse.</summary>
    public void SetCooperatingUnits(IEnumerable<int> unitIds)
    {
        var wanted = unitIds.Where(id => id != LeadUnitId).ToHashSet();
        _cooperations.RemoveAll(c => !wanted.Contains(c.UnitId));
        foreach (var unitId in wanted.Where(id => _cooperations.All(c => c.UnitId != id)).Order())
        {
            _cooperations.Add(new TaskCooperation(unitId));
        }
    }

    /// <summary>
    /// Not started, in progress, suspended, or reopened from completed. Completion comes only from a verified close-out
    /// (<see cref="CompleteByCloseOut"/>); asking for it here throws unless the task is already completed.
    /// </summary>
    public void ChangeStatus(ReformTaskStatus status, DateOnly today)
    {
        if (status == ReformTaskStatus.Completed && Status != ReformTaskStatus.Completed)
        {
            throw new InvalidOperationException("A task is completed only by an approved close-out (销号).");
        }

        Status = status;
        CompletedOn = status == ReformTaskStatus.Completed ? CompletedOn ?? today : null;
    }

    /// <summary>销号: the office verified the lead unit's evidence; the task is completed on that district date.</summary>
    public void CompleteByCloseOut(DateOnly completedOn)
    {
        if (IsClosed)
        {
            throw new InvalidOperationException("The task is already completed.");
        }

        Status = ReformTaskStatus.Completed;
        CompletedOn = completedOn;
    }

    public Milestone AddMilestone(string title, DateOnly plannedDate, DateOnly? doneDate = null)
    {
        var milestone = new Milestone(title, plannedDate, doneDate);
        _milestones.Add(milestone);
        return milestone;
    }

    public void UpdateMilestone(int milestoneId, string title, DateOnly plannedDate, DateOnly? doneDate)
    {
        var milestone = _milestones.SingleOrDefault(m => m.Id == milestoneId)
            ?? throw new InvalidOperationException($"Milestone {milestoneId} does not belong to task {Id}.");
        milestone.Update(title, plannedDate, doneDate);
    }

    public void RemoveMilestone(int milestoneId) => _milestones.RemoveAll(m => m.Id == milestoneId);

    /// <summary>A milestone reached according to an accepted report; a milestone already marked done keeps its date.</summary>
    public void MarkMilestoneReached(int milestoneId, DateOnly reachedOn)
    {
        var milestone = _milestones.SingleOrDefault(m => m.Id == milestoneId);
        if (milestone is { DoneDate: null })
        {
            milestone.MarkDone(reachedOn);
        }
    }

    /// <summary>An amendment of the latest accepted report corrects the task's percent; older periods leave it alone.</summary>
    public void CorrectProgress(YearMonth period, int percentComplete)
    {
        if (LastReportedPeriod == period)
        {
            PercentComplete = percentComplete;
        }
    }

    /// <summary>Task progress follows the latest accepted report; older reports never roll it back.</summary>
    public void ApplyAcceptedReport(YearMonth period, int percentComplete, decimal? investmentThisMonth, ConstructionState? constructionState)
    {
        if (percentComplete is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentComplete), percentComplete, "Percent must be between 0 and 100.");
        }

        InvestmentCompletedToDate += investmentThisMonth ?? 0m;
        if (LastReportedPeriod is { } last && period < last)
        {
            return;
        }

        LastReportedPeriod = period;
        PercentComplete = percentComplete;
        if (IsKeyProject && constructionState is not null)
        {
            ConstructionState = constructionState;
        }

        if (Status == ReformTaskStatus.NotStarted && percentComplete > 0)
        {
            Status = ReformTaskStatus.InProgress;
        }
    }

    /// <summary>An approved extension moves the due date; the first one keeps the original for scoring.</summary>
    public void ExtendDueDate(DateOnly newDue)
    {
        if (newDue <= DueDate)
        {
            throw new ArgumentOutOfRangeException(nameof(newDue), newDue, "An extension must move the due date later.");
        }

        OriginalDueDate ??= DueDate;
        DueDate = newDue;
    }

    /// <summary>The date scoring counts against: the new one when the approver waived, otherwise the original.</summary>
    public DateOnly ScoringDueDate(bool waived) => waived ? DueDate : OriginalDueDate ?? DueDate;
}
