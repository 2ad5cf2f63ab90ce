using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Supervision;

/// <summary>
/// Everything the rules need to judge one task on one day, gathered by the evaluator in a few queries.
/// <see cref="ReportingSince"/> is the first month reported in the system: months before it were never owed here.
/// <see cref="Planned"/>, when given, counts the task's milestones as of the day judged; <see cref="Milestones"/> then needs
/// to hold only those still open past their planned date (the only ones the rules name), which saves reading the rest.
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
    YearMonth? ReportingSince = null,
    MilestonesPlanned? Planned = null);

/// <summary>A task's number of milestones, and how many of them are planned by the day judged or counted (an expected-progress input).</summary>
public readonly record struct MilestonesPlanned(int Total, int ByAsOf);

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
