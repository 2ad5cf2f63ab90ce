using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Supervision;

/// <summary>
/// A finding kept as a record: opened when a rule first fires for a subject, refreshed while it keeps firing,
/// closed by itself when it stops. Never two open flags for the same task, rule and subject. A flag belongs to a task
/// or to a meeting item (交办事项), never both.
/// </summary>
public sealed class Flag : Entity
{
    private Flag()
    {
        SubjectKey = string.Empty;
        Reason = string.Empty;
    }

    public Flag(int taskId, Finding finding, DateTime nowUtc)
        : this()
    {
        ArgumentNullException.ThrowIfNull(finding);
        TaskId = taskId;
        Rule = finding.Rule;
        SubjectKey = finding.SubjectKey;
        Light = finding.Light;
        Reason = finding.Reason;
        OpenedAtUtc = nowUtc;
    }

    public int? TaskId { get; private set; }

    /// <summary>Set instead of <see cref="TaskId"/> for a flag on an item assigned at a meeting.</summary>
    public int? MeetingItemId { get; private set; }

    public FlagRule Rule { get; private set; }

    public string SubjectKey { get; private set; }

    public Light Light { get; private set; }

    public string Reason { get; private set; }

    public DateTime OpenedAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public bool IsOpen => ClosedAtUtc is null;

    public static Flag ForMeetingItem(int meetingItemId, Finding finding, DateTime nowUtc)
    {
        var flag = new Flag(0, finding, nowUtc);
        flag.TaskId = null;
        flag.MeetingItemId = meetingItemId;
        return flag;
    }

    /// <summary>Takes the latest wording and light (days overdue grow); true when anything changed.</summary>
    public bool Refresh(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (Light == finding.Light && Reason == finding.Reason)
        {
            return false;
        }

        Light = finding.Light;
        Reason = finding.Reason;
        return true;
    }

    public void Close(DateTime nowUtc) => ClosedAtUtc ??= nowUtc;
}

/// <summary>
/// The current light of a task with its reasons, recomputed by every evaluation (a cache, not a record). An evaluation
/// writes it only when something shown changed, so <see cref="EvaluatedAtUtc"/> is when an evaluation last changed it.
/// </summary>
public sealed class TaskLight
{
    public int TaskId { get; set; }

    public Light Light { get; set; }

    public string Reasons { get; set; } = string.Empty;

    public int? ExpectedPercent { get; set; }

    public DateOnly? PredictedFinish { get; set; }

    public DateTime EvaluatedAtUtc { get; set; }
}

/// <summary>A time-limited lock in the database, so only one app instance runs a job at a time.</summary>
public sealed class Lease
{
    public string Name { get; set; } = string.Empty;

    public string Holder { get; set; } = string.Empty;

    public DateTime ExpiresAtUtc { get; set; }
}
