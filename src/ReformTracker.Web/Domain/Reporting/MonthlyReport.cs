using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>月报: the lead unit's progress report on one task for one month.</summary>
public sealed class MonthlyReport : Entity
{
    private readonly List<ReportProblem> _problems = [];

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

    /// <summary>Required when the percent falls below the previous report's.</summary>
    public string? PercentDecreaseReason { get; private set; }

    /// <summary>本月完成投资（万元）, key projects only.</summary>
    public decimal? InvestmentThisMonth { get; private set; }

    public Tasks.ConstructionState? ConstructionState { get; private set; }

    public DateTime? SubmittedAtUtc { get; private set; }

    public DateTime? ReviewedAtUtc { get; private set; }

    public string? ReviewComment { get; private set; }

    public IReadOnlyList<ReportProblem> Problems => _problems;

    public static MonthlyReport StartDraft(int taskId, int unitId, YearMonth period) => new(taskId, unitId, period);

    public bool IsEditable => Status is ReportStatus.Draft or ReportStatus.Returned;

    public void Fill(string achievement, int percentComplete, string? percentDecreaseReason, decimal? investmentThisMonth, Tasks.ConstructionState? constructionState)
    {
        EnsureState(IsEditable, "fill");
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
        EnsureState(IsEditable, "add a problem to");
        var problem = new ReportProblem(description, measure, responsibleUnitId, resolveBy);
        _problems.Add(problem);
        return problem;
    }

    public void ClearProblems()
    {
        EnsureState(IsEditable, "clear problems of");
        _problems.Clear();
    }

    public void Submit(DateTime nowUtc)
    {
        EnsureState(IsEditable, "submit");
        if (string.IsNullOrWhiteSpace(Achievement))
        {
            throw new InvalidOperationException("A report without achievement text cannot be submitted.");
        }

        Status = ReportStatus.Submitted;
        SubmittedAtUtc = nowUtc;
    }

    public void Withdraw()
    {
        EnsureState(Status == ReportStatus.Submitted, "withdraw");
        Status = ReportStatus.Draft;
        SubmittedAtUtc = null;
    }

    public void Return(string comment, DateTime nowUtc)
    {
        EnsureState(Status == ReportStatus.Submitted, "return");
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new ArgumentException("A returned report needs a comment.", nameof(comment));
        }

        Status = ReportStatus.Returned;
        ReviewComment = comment.Trim();
        ReviewedAtUtc = nowUtc;
    }

    public void Accept(DateTime nowUtc)
    {
        EnsureState(Status == ReportStatus.Submitted, "accept");
        Status = ReportStatus.Accepted;
        ReviewedAtUtc = nowUtc;
    }

    /// <summary>Filed on time when first submitted on or before the cut-off day.</summary>
    public bool WasSubmittedOnTime(ReportingCalendar calendar, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (SubmittedAtUtc is not { } submitted)
        {
            return false;
        }

        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(submitted, zone));
        return local <= calendar.CutOffFor(Period);
    }

    private void EnsureState(bool allowed, string action)
    {
        if (!allowed)
        {
            throw new InvalidOperationException($"Cannot {action} a report in state {Status}.");
        }
    }
}
