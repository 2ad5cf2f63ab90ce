using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Tasks;

/// <summary>节点: a dated checkpoint of a task.</summary>
public sealed class Milestone : Entity
{
    private Milestone()
    {
        Title = string.Empty;
    }

    internal Milestone(string title, DateOnly plannedDate, DateOnly? doneDate)
    {
        Title = title.Trim();
        PlannedDate = plannedDate;
        DoneDate = doneDate;
    }

    public int TaskId { get; private set; }

    public string Title { get; private set; }

    public DateOnly PlannedDate { get; private set; }

    public DateOnly? DoneDate { get; private set; }

    public bool IsDone => DoneDate is not null;

    public bool IsOverdue(DateOnly today) => DoneDate is null && PlannedDate < today;

    public MilestoneState StateOn(DateOnly today) => StateOf(PlannedDate, DoneDate, today);

    /// <summary>The same rule over projected columns, for read models that never load the entity.</summary>
    public static MilestoneState StateOf(DateOnly plannedDate, DateOnly? doneDate, DateOnly today) => doneDate switch
    {
        { } done when done <= plannedDate => MilestoneState.DoneOnTime,
        not null => MilestoneState.DoneLate,
        null when plannedDate < today => MilestoneState.Overdue,
        _ => MilestoneState.Pending,
    };

    internal void Update(string title, DateOnly plannedDate, DateOnly? doneDate)
    {
        Title = title.Trim();
        PlannedDate = plannedDate;
        DoneDate = doneDate;
    }

    internal void MarkDone(DateOnly doneDate) => DoneDate = doneDate;
}

public enum MilestoneState
{
    Pending,
    DoneOnTime,
    DoneLate,
    Overdue,
}
