using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>Which months a task owes a report for: from its start month until the month it is completed; never while suspended.</summary>
public static class ReportObligation
{
    public static bool IsDue(ReformTask task, YearMonth period)
    {
        ArgumentNullException.ThrowIfNull(task);
        return IsDue(task.StartDate, task.Status, task.CompletedOn, period);
    }

    public static bool IsDue(DateOnly startDate, ReformTaskStatus status, DateOnly? completedOn, YearMonth period) =>
        startDate <= period.LastDay
        && status != ReformTaskStatus.Suspended
        && (completedOn is null || completedOn.Value >= period.FirstDay);

    /// <summary>Reports may be filed for the open period and earlier months, never for a month still ahead.</summary>
    public static bool IsFileable(YearMonth period, YearMonth openPeriod) => period <= openPeriod;
}
