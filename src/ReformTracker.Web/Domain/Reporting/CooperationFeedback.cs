using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>配合单位反馈: a cooperating unit's short account of its part in a task for one month.</summary>
public sealed class CooperationFeedback : Entity
{
    private CooperationFeedback()
    {
        Text = string.Empty;
    }

    public CooperationFeedback(int taskId, int unitId, YearMonth period, string text)
    {
        TaskId = taskId;
        UnitId = unitId;
        Period = period;
        Text = text.Trim();
    }

    public int TaskId { get; private set; }

    public int UnitId { get; private set; }

    public YearMonth Period { get; private set; }

    public string Text { get; private set; }

    public void Rewrite(string text) => Text = text.Trim();
}
