using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>When each month's report is due: the cut-off day of the following month (default the 5th).</summary>
public sealed class ReportingCalendar
{
    public const int DefaultCutOffDay = 5;

    public ReportingCalendar(int cutOffDay = DefaultCutOffDay)
    {
        if (cutOffDay is < 1 or > 28)
        {
            throw new ArgumentOutOfRangeException(nameof(cutOffDay), cutOffDay, "The cut-off day must be between 1 and 28.");
        }

        CutOffDay = cutOffDay;
    }

    public int CutOffDay { get; }

    public DateOnly CutOffFor(YearMonth period) => period.Next.FirstDay.AddDays(CutOffDay - 1);

    /// <summary>The period being filed on a given day: last month until its cut-off has passed, then the current month.</summary>
    public YearMonth OpenPeriodOn(DateOnly today)
    {
        var lastMonth = YearMonth.Of(today).Previous;
        return today <= CutOffFor(lastMonth) ? lastMonth : YearMonth.Of(today);
    }
}
