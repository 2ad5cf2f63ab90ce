using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Supervision;

/// <summary>
/// Everything the rules need to judge one task on one day, gathered by the evaluator in a few queries.
/// <see cref="ReportingSince"/> is the first month reported in the system: months before it were never owed here.
/// </summary>
public sealed record TaskFacts(
    int TaskId,
    DateOnly StartDate,
    DateOnly DueDate,
    ReformTaskStatus Status,
    DateOnly? CompletedOn,
    int PercentComplete,
    IReadOnlyList<MilestoneFact> Milestones,
    IReadOnlyList<AcceptedPercent> AcceptedReports,
    IReadOnlyDictionary<YearMonth, ReportState> ReportStates,
    IReadOnlyList<ProblemFact> OpenProblems,
    YearMonth? ReportingSince = null);

public sealed record MilestoneFact(int Id, string Title, DateOnly PlannedDate, DateOnly? DoneDate);

/// <summary>An accepted report's period and percent, for stall and trajectory checks.</summary>
public sealed record AcceptedPercent(YearMonth Period, int Percent);

/// <summary>Whether a month's report was filed (submitted at least once), by the reporting unit.</summary>
public enum ReportState
{
    NotFiled,
    Filed,
}

public sealed record ProblemFact(int Id, string Description, string Measure, DateOnly ResolveBy);
