namespace ReformTracker.Web.Domain.Reporting;

/// <summary>A milestone the report says was reached, and when. Applied to the task's milestone when the report is accepted.</summary>
public sealed class ReportMilestone
{
    private ReportMilestone()
    {
    }

    internal ReportMilestone(int milestoneId, DateOnly reachedOn)
    {
        MilestoneId = milestoneId;
        ReachedOn = reachedOn;
    }

    public int ReportId { get; private set; }

    public int MilestoneId { get; private set; }

    public DateOnly ReachedOn { get; private set; }
}
