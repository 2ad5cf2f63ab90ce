using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>
/// 月报: the lead unit's progress report on one task for one month.
/// Draft → Submitted → Accepted, with Submitted → Returned → Submitted and Submitted → Draft (withdraw) on the way.
/// An accepted report is immutable; a correction is an amendment kept beside it.
/// </summary>
public sealed class MonthlyReport : Entity
{
    private readonly List<ReportProblem> _problems = [];
    private readonly List<ReportMilestone> _milestonesReached = [];
    private readonly List<ReportAmendment> _amendments = [];

    private MonthlyReport()
    {
        Achievement = string.Empty;
    }

    private MonthlyReport(int taskId, int unitId, YearMonth period)
        : this()
    {
        TaskId = taskId;
        UnitId = unitId;
        Period = period;
        Status = ReportStatus.Draft;
    }

    public int TaskId { get; private set; }

    /// <summary>The reporting unit: the task's lead unit when the report was opened.</summary>
    public int UnitId { get; private set; }

    public YearMonth Period { get; private set; }

    public ReportStatus Status { get; private set; }

    /// <summary>实现情况.</summary>
    public string Achievement { get; private set; }

    public int PercentComplete { get; private set; }

    /// <summary>Required when the percent falls below the previous accepted report's.</summary>
    public string? PercentDecreaseReason { get; private set; }

    /// <summary>本月完成投资（万元）, key projects only.</summary>
    public decimal? InvestmentThisMonth { get; private set; }

    public ConstructionState? ConstructionState { get; private set; }

    /// <summary>The first submission decides whether the month was filed on time; resubmissions after a return do not.</summary>
    public DateTime? FirstSubmittedAtUtc { get; private set; }

    public DateTime? SubmittedAtUtc { get; private set; }

    public string? SubmittedBy { get; private set; }

    public DateTime? ReviewedAtUtc { get; private set; }

    public string? ReviewedBy { get; private set; }

    public string? ReviewComment { get; private set; }

    /// <summary>How many times the report came back; shown to reviewers and leaders.</summary>
    public int ReturnCount { get; private set; }

    /// <summary>The last form submission applied, so a double click or a retry of the same post changes nothing twice.</summary>
    public Guid? LastFormToken { get; private set; }

    public IReadOnlyList<ReportProblem> Problems => _problems;

    public IReadOnlyList<ReportMilestone> MilestonesReached => _milestonesReached;

    public IReadOnlyList<ReportAmendment> Amendments => _amendments;

    public bool IsEditable => Status is ReportStatus.Draft or ReportStatus.Returned;

    public static MonthlyReport StartDraft(int taskId, int unitId, YearMonth period) => new(taskId, unitId, period);

    /// <summary>沿用上月: a new draft with last month's text, percent and open problems; it is never submitted by itself.</summary>
    public static MonthlyReport CarryForward(MonthlyReport previous, YearMonth period, int unitId)
    {
        ArgumentNullException.ThrowIfNull(previous);
        if (period <= previous.Period)
        {
            throw new ArgumentException("A report is carried forward into a later month only.", nameof(period));
        }

        var draft = new MonthlyReport(previous.TaskId, unitId, period)
        {
            Achievement = previous.Achievement,
            PercentComplete = previous.PercentComplete,
            InvestmentThisMonth = previous.InvestmentThisMonth is null ? null : 0m,
            ConstructionState = previous.ConstructionState,
        };
        foreach (var problem in previous.Problems.Where(p => p.ResolvedOn is null))
        {
            draft._problems.Add(new ReportProblem(problem.Description, problem.Measure, problem.ResponsibleUnitId, problem.ResolveBy));
        }

        return draft;
    }

    public bool Allows(ReportTransition transition) => transition switch
    {
        ReportTransition.Edit => IsEditable,
        ReportTransition.Submit => IsEditable,
        ReportTransition.Withdraw => Status == ReportStatus.Submitted,
        ReportTransition.Accept => Status == ReportStatus.Submitted,
        ReportTransition.Return => Status == ReportStatus.Submitted,
        ReportTransition.Amend => Status == ReportStatus.Accepted,
        _ => false,
    };

    public void Fill(string achievement, int percentComplete, string? percentDecreaseReason, decimal? investmentThisMonth, ConstructionState? constructionState)
    {
        EnsureAllowed(ReportTransition.Edit);
        if (percentComplete is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentComplete), percentComplete, "Percent must be between 0 and 100.");
        }

        if (investmentThisMonth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(investmentThisMonth), investmentThisMonth, "Investment cannot be negative.");
        }

        Achievement = achievement.Trim();
        PercentComplete = percentComplete;
        PercentDecreaseReason = string.IsNullOrWhiteSpace(percentDecreaseReason) ? null : percentDecreaseReason.Trim();
        InvestmentThisMonth = investmentThisMonth;
        ConstructionState = constructionState;
    }

    public ReportProblem AddProblem(string description, string measure, int? responsibleUnitId, DateOnly? resolveBy)
    {
        EnsureAllowed(ReportTransition.Edit);
        var problem = new ReportProblem(description, measure, responsibleUnitId, resolveBy);
        _problems.Add(problem);
        return problem;
    }

    public void ClearProblems()
    {
        EnsureAllowed(ReportTransition.Edit);
        _problems.Clear();
    }

    public void SetMilestonesReached(IEnumerable<(int MilestoneId, DateOnly ReachedOn)> reached)
    {
        EnsureAllowed(ReportTransition.Edit);
        _milestonesReached.Clear();
        foreach (var (milestoneId, reachedOn) in reached.DistinctBy(r => r.MilestoneId))
        {
            _milestonesReached.Add(new ReportMilestone(milestoneId, reachedOn));
        }
    }

    /// <summary>Records which form post was applied last (see <see cref="LastFormToken"/>).</summary>
    public void MarkFormApplied(Guid formToken) => LastFormToken = formToken;

    public void Submit(DateTime nowUtc, string submittedBy)
    {
        EnsureAllowed(ReportTransition.Submit);
        if (string.IsNullOrWhiteSpace(Achievement))
        {
            throw new InvalidOperationException("A report without achievement text cannot be submitted.");
        }

        Status = ReportStatus.Submitted;
        SubmittedAtUtc = nowUtc;
        FirstSubmittedAtUtc ??= nowUtc;
        SubmittedBy = submittedBy;
    }

    public void Withdraw()
    {
        EnsureAllowed(ReportTransition.Withdraw);
        Status = ReportStatus.Draft;
        SubmittedAtUtc = null;
        if (ReturnCount == 0)
        {
            FirstSubmittedAtUtc = null;
        }
    }

    public void Return(string comment, DateTime nowUtc, string reviewer)
    {
        EnsureAllowed(ReportTransition.Return);
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ArgumentException("A returned report needs a comment.", nameof(comment));
        }

        Status = ReportStatus.Returned;
        ReviewComment = comment.Trim();
        ReviewedAtUtc = nowUtc;
        ReviewedBy = reviewer;
        ReturnCount++;
    }

    /// <summary>Accepts the report and moves the task's progress and reached milestones along with it.</summary>
    public void Accept(DateTime nowUtc, string reviewer, ReformTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        EnsureAllowed(ReportTransition.Accept);
        if (task.Id != TaskId)
        {
            throw new ArgumentException("The report belongs to another task.", nameof(task));
        }

        Status = ReportStatus.Accepted;
        ReviewedAtUtc = nowUtc;
        ReviewedBy = reviewer;
        task.ApplyAcceptedReport(Period, PercentComplete, InvestmentThisMonth, ConstructionState);
        foreach (var reached in _milestonesReached)
        {
            task.MarkMilestoneReached(reached.MilestoneId, reached.ReachedOn);
        }
    }

    /// <summary>Corrects an accepted report; the accepted figures stay on record in the amendment.</summary>
    public ReportAmendment Amend(string reason, string correctedAchievement, int correctedPercent, string amendedBy, ReformTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        EnsureAllowed(ReportTransition.Amend);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("An amendment needs a reason.", nameof(reason));
        }

        if (correctedPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(correctedPercent), correctedPercent, "Percent must be between 0 and 100.");
        }

        var current = _amendments.Count == 0 ? (Achievement, PercentComplete) : (_amendments[^1].CorrectedAchievement, _amendments[^1].CorrectedPercent);
        var amendment = new ReportAmendment(reason, current.Item1, current.Item2, correctedAchievement, correctedPercent, amendedBy);
        _amendments.Add(amendment);
        task.CorrectProgress(Period, correctedPercent);
        return amendment;
    }

    /// <summary>The figures readers should use: the last amendment's, or the report's own.</summary>
    public (string Achievement, int Percent) Effective =>
        _amendments.Count == 0 ? (Achievement, PercentComplete) : (_amendments[^1].CorrectedAchievement, _amendments[^1].CorrectedPercent);

    /// <summary>Filed on time when first submitted on or before the cut-off day (district time).</summary>
    public bool WasSubmittedOnTime(ReportingCalendar calendar, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (FirstSubmittedAtUtc is not { } submitted)
        {
            return false;
        }

        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(submitted, DateTimeKind.Utc), zone));
        return local <= calendar.CutOffFor(Period);
    }

    private void EnsureAllowed(ReportTransition transition)
    {
        if (!Allows(transition))
        {
            throw new InvalidOperationException($"Cannot {transition} a report in state {Status}.");
        }
    }
}

public enum ReportTransition
{
    Edit,
    Submit,
    Withdraw,
    Accept,
    Return,
    Amend,
}
