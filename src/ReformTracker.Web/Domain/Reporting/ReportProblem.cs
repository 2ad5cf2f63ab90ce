using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>存在问题 with its measure (具体措施), responsible unit (责任单位) and resolve-by date (解决时限).</summary>
public sealed class ReportProblem : Entity
{
    private ReportProblem()
    {
        Description = string.Empty;
        Measure = string.Empty;
    }

    internal ReportProblem(string description, string measure, int? responsibleUnitId, DateOnly? resolveBy)
    {
        Description = description.Trim();
        Measure = measure.Trim();
        ResponsibleUnitId = responsibleUnitId;
        ResolveBy = resolveBy;
    }

    public int ReportId { get; private set; }

    public string Description { get; private set; }

    public string Measure { get; private set; }

    public int? ResponsibleUnitId { get; private set; }

    public DateOnly? ResolveBy { get; private set; }

    public DateOnly? ResolvedOn { get; private set; }

    public bool IsOverdue(DateOnly today) => ResolvedOn is null && ResolveBy is { } due && due < today;

    public void MarkResolved(DateOnly resolvedOn) => ResolvedOn = resolvedOn;
}
