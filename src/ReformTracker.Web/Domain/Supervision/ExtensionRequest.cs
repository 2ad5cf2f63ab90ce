using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Domain.Supervision;

public enum ExtensionStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>Why a request for a later deadline cannot be made.</summary>
public enum ExtensionRefusal
{
    TaskCompleted = 1,
    PastDueDate = 2,
    NotLater = 3,
    ReasonRequired = 4,
    AlreadyPending = 5,
}

/// <summary>
/// 延期申请: the lead unit asks, before the due date, for a later one; the office approves (moving the task's due date,
/// optionally waiving so that scoring counts against the new date) or rejects with a reason.
/// </summary>
public sealed class ExtensionRequest : Common.Entity
{
    private ExtensionRequest()
    {
        RequestedBy = string.Empty;
        Reason = string.Empty;
    }

    public ExtensionRequest(ReformTask task, string requestedBy, string reason, DateOnly proposedDueDate, DateOnly today, bool hasPending)
        : this()
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        if (WhyNot(task, reason, proposedDueDate, today, hasPending) is { } refusal)
        {
            throw new InvalidOperationException($"Extension refused: {refusal}.");
        }

        TaskId = task.Id;
        RequestedBy = requestedBy;
        RequestingUnitId = task.LeadUnitId;
        Reason = reason.Trim();
        CurrentDueDate = task.DueDate;
        ProposedDueDate = proposedDueDate;
        Status = ExtensionStatus.Pending;
    }

    public int TaskId { get; private set; }

    public string RequestedBy { get; private set; }

    public int RequestingUnitId { get; private set; }

    public string Reason { get; private set; }

    /// <summary>The task's due date when the request was made.</summary>
    public DateOnly CurrentDueDate { get; private set; }

    public DateOnly ProposedDueDate { get; private set; }

    public ExtensionStatus Status { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? DecisionReason { get; private set; }

    /// <summary>Approved with waiver: scoring counts against the new date instead of the original.</summary>
    public bool WaiveForScoring { get; private set; }

    public bool IsPending => Status == ExtensionStatus.Pending;

    /// <summary>Null when the request may be made; otherwise the first rule it breaks.</summary>
    public static ExtensionRefusal? WhyNot(ReformTask task, string? reason, DateOnly proposedDueDate, DateOnly today, bool hasPending)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsClosed)
        {
            return ExtensionRefusal.TaskCompleted;
        }

        if (today > task.DueDate)
        {
            return ExtensionRefusal.PastDueDate;
        }

        if (hasPending)
        {
            return ExtensionRefusal.AlreadyPending;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ExtensionRefusal.ReasonRequired;
        }

        return proposedDueDate <= task.DueDate ? ExtensionRefusal.NotLater : null;
    }

    /// <summary>Approves and moves the task's due date; save both together.</summary>
    public void Approve(ReformTask task, DateTime nowUtc, string decidedBy, bool waiveForScoring, string? reason)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        if (task.Id != TaskId)
        {
            throw new ArgumentException("The request belongs to another task.", nameof(task));
        }

        EnsurePending();
        task.ExtendDueDate(ProposedDueDate);
        Decide(ExtensionStatus.Approved, nowUtc, decidedBy, reason);
        WaiveForScoring = waiveForScoring;
    }

    public void Reject(DateTime nowUtc, string decidedBy, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        EnsurePending();
        Decide(ExtensionStatus.Rejected, nowUtc, decidedBy, reason);
    }

    private void EnsurePending()
    {
        if (!IsPending)
        {
            throw new InvalidOperationException($"The request is already {Status}.");
        }
    }

    private void Decide(ExtensionStatus status, DateTime nowUtc, string decidedBy, string? reason)
    {
        Status = status;
        DecidedAtUtc = nowUtc;
        DecidedBy = decidedBy;
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }
}
