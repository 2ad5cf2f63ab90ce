namespace ReformTracker.Web.Domain.Tasks;

/// <summary>A cooperating unit (配合单位) of a task.</summary>
public sealed class TaskCooperation
{
    private TaskCooperation()
    {
    }

    internal TaskCooperation(int unitId)
    {
        UnitId = unitId;
    }

    public int TaskId { get; private set; }

    public int UnitId { get; private set; }
}
