using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Tasks;

public enum CloseOutStatus
{
    Pending = 1,
    Approved = 2,
    Returned = 3,
}

/// <summary>Why the lead unit cannot apply to close a task out now.</summary>
public enum CloseOutRefusal
{
    TaskCompleted = 1,
    AlreadyPending = 2,
    SummaryRequired = 3,
}

/// <summary>
/// 销号申请: the lead unit states what was achieved, with evidence; the task's office verifies and approves (the task is
/// then completed) or returns it with a reason, after which the unit may apply again. One pending application per task.
/// </summary>
public sealed class CloseOutApplication : Entity
{
    private CloseOutApplication()
    {
        Summary = string.Empty;
        AppliedBy = string.Empty;
    }

    public CloseOutApplication(ReformTask task, string summary, string appliedBy, DateTime nowUtc, bool hasPending)
        : this()
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(appliedBy);
        if (WhyNot(task, summary, hasPending) is { } refusal)
        {
            throw new InvalidOperationException($"Close-out refused: {refusal}.");
        }

        TaskId = task.Id;
        UnitId = task.LeadUnitId;
        Summary = summary.Trim();
        AppliedBy = appliedBy;
        AppliedAtUtc = nowUtc;
        Status = CloseOutStatus.Pending;
    }

    public int TaskId { get; private set; }

    /// <summary>The lead unit at the time of applying.</summary>
    public int UnitId { get; private set; }

    /// <summary>What was achieved (完成情况).</summary>
    public string Summary { get; private set; }

    public string AppliedBy { get; private set; }

    public DateTime AppliedAtUtc { get; private set; }

    public CloseOutStatus Status { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    /// <summary>Required when returned; optional remark when approved.</summary>
    public string? DecisionReason { get; private set; }

    public bool IsPending => Status == CloseOutStatus.Pending;

    /// <summary>Null when the application may be made; otherwise the first rule it breaks.</summary>
    public static CloseOutRefusal? WhyNot(ReformTask task, string? summary, bool hasPending)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsClosed)
        {
            return CloseOutRefusal.TaskCompleted;
        }

        if (hasPending)
        {
            return CloseOutRefusal.AlreadyPending;
        }

        return string.IsNullOrWhiteSpace(summary) ? CloseOutRefusal.SummaryRequired : null;
    }

    /// <summary>Verified: the task is completed on the district date given; save both together.</summary>
    public void Approve(ReformTask task, DateTime nowUtc, DateOnly today, string decidedBy, string? remark)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        if (task.Id != TaskId)
        {
            throw new ArgumentException("The application belongs to another task.", nameof(task));
        }

        EnsurePending();
        task.CompleteByCloseOut(today);
        Decide(CloseOutStatus.Approved, nowUtc, decidedBy, remark);
    }

    public void Return(DateTime nowUtc, string decidedBy, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(decidedBy);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidOperationException("A close-out application is returned only with a reason.");
        }

        EnsurePending();
        Decide(CloseOutStatus.Returned, nowUtc, decidedBy, reason);
    }

    private void EnsurePending()
    {
        if (!IsPending)
        {
            throw new InvalidOperationException($"The close-out application is already {Status}.");
        }
    }

    private void Decide(CloseOutStatus status, DateTime nowUtc, string decidedBy, string? reason)
    {
        Status = status;
        DecidedAtUtc = nowUtc;
        DecidedBy = decidedBy;
        DecisionReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }
}
