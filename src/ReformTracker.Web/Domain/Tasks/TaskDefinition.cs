namespace ReformTracker.Web.Domain.Tasks;

/// <summary>Everything an administrator states about a task when creating or editing it.</summary>
public sealed record TaskDefinition(
    string Code,
    string Title,
    string Content,
    string Target,
    string WorkStandard,
    int AreaId,
    int OfficeId,
    int LeadUnitId,
    int? LeadingOfficialId,
    DateOnly StartDate,
    DateOnly DueDate,
    TaskPriority Priority,
    KeyProjectFacts? KeyProject);

/// <summary>Investment figures (万元) and construction state of a key project.</summary>
public sealed record KeyProjectFacts(decimal PlannedTotalInvestment, decimal PlannedAnnualInvestment, ConstructionState ConstructionState);
