using System.Globalization;
using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Domain.Meetings;

public enum MeetingItemState
{
    Open = 1,
    Done = 2,
}

/// <summary>
/// 交办事项: one item assigned at a meeting to a unit with a deadline. Open → Done when the unit reports it done with a
/// note; the meeting's office (or a supervisor) may reopen it with a reason.
/// </summary>
public sealed class MeetingItem : Common.Entity
{
    private MeetingItem()
    {
        Content = string.Empty;
    }

    internal MeetingItem(string content, int assigneeUnitId, DateOnly deadline, int? taskId)
        : this()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        Content = content.Trim();
        AssigneeUnitId = assigneeUnitId;
        Deadline = deadline;
        TaskId = taskId;
        State = MeetingItemState.Open;
    }

    public int MeetingId { get; private set; }

    /// <summary>事项: what is to be done.</summary>
    public string Content { get; private set; }

    public int AssigneeUnitId { get; private set; }

    public DateOnly Deadline { get; private set; }

    public int? TaskId { get; private set; }

    public MeetingItemState State { get; private set; }

    public string? CompletionNote { get; private set; }

    public string? DoneBy { get; private set; }

    public DateTime? DoneAtUtc { get; private set; }

    public string? ReopenReason { get; private set; }

    public string? ReopenedBy { get; private set; }

    public DateTime? ReopenedAtUtc { get; private set; }

    public bool IsDone => State == MeetingItemState.Done;

    public bool IsOverdue(DateOnly today) => IsOverdue(State, Deadline, today);

    public static bool IsOverdue(MeetingItemState state, DateOnly deadline, DateOnly today) => state == MeetingItemState.Open && today > deadline;

    /// <summary>The assignee unit reports the item done; a note saying what was done is required.</summary>
    public void MarkDone(string note, string by, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (State != MeetingItemState.Open)
        {
            throw new InvalidOperationException("Only an open item can be marked done.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            throw new InvalidOperationException("An item is marked done only with a note.");
        }

        State = MeetingItemState.Done;
        CompletionNote = note.Trim();
        DoneBy = by;
        DoneAtUtc = nowUtc;
    }

    /// <summary>The office finds the work not done after all: the item is open again, the reason kept.</summary>
    public void Reopen(string reason, string by, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (State != MeetingItemState.Done)
        {
            throw new InvalidOperationException("Only a done item can be reopened.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidOperationException("An item is reopened only with a reason.");
        }

        State = MeetingItemState.Open;
        ReopenReason = reason.Trim();
        ReopenedBy = by;
        ReopenedAtUtc = nowUtc;
        DoneAtUtc = null;
        DoneBy = null;
    }

    /// <summary>The flag finding of an open item past its deadline (交办事项逾期); null otherwise.</summary>
    public static Finding? Judge(string content, MeetingItemState state, DateOnly deadline, DateOnly today)
    {
        if (!IsOverdue(state, deadline, today))
        {
            return null;
        }

        var shortContent = content.Length > 40 ? content[..40] + "…" : content;
        return new Finding(FlagRule.MeetingItemOverdue, "item", Light.Red, string.Create(
            CultureInfo.InvariantCulture,
            $"交办事项“{shortContent}”逾期 {today.DayNumber - deadline.DayNumber} 天（办理期限 {deadline:yyyy-MM-dd}）"));
    }
}
