using System.Globalization;
using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Supervision;

/// <summary>The escalation steps an office can take, mildest first.</summary>
public enum NoticeKind
{
    Reminder = 1,
    SupervisionNotice = 2,
    Rectification = 3,
    PublicCriticism = 4,
    AccountabilityReferral = 5,
}

public enum NoticeStatus
{
    Issued = 1,
    SignedFor = 2,
    Responded = 3,
    Returned = 4,
    Closed = 5,
}

public enum NoticeTransition
{
    SignFor = 1,
    Respond = 2,
    Return = 3,
    Close = 4,
}

/// <summary>Numbers per kind and year: 督办〔2026〕12号; the sequence restarts at 1 every year.</summary>
public static class NoticeNumbering
{
    public static string Prefix(NoticeKind kind) => kind switch
    {
        NoticeKind.Reminder => "提醒",
        NoticeKind.SupervisionNotice => "督办",
        NoticeKind.Rectification => "整改",
        NoticeKind.PublicCriticism => "通报",
        NoticeKind.AccountabilityReferral => "问责",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The next sequence given the highest one used for the kind this year (null when none yet).</summary>
    public static int Next(int? maxUsedThisYear) => (maxUsedThisYear ?? 0) + 1;

    public static string Format(NoticeKind kind, int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(kind)}〔{year}〕{sequence}号");
}

/// <summary>
/// A supervision notice sent to a unit: issued → signed for → responded → (returned → responded again) → closed.
/// Closing may record good faith (容错), which needs a reason.
/// </summary>
public sealed class Notice : Entity
{
    private readonly List<NoticeResponse> _responses = [];
    private readonly List<NoticeEscalation> _escalations = [];

    private Notice()
    {
        Requirements = string.Empty;
        IssuedBy = string.Empty;
    }

    public Notice(
        NoticeKind kind, int year, int sequence, int recipientUnitId, int? taskId, int? flagId, string requirements, DateOnly deadline,
        string issuedBy, int? issuerOfficeId, DateTime nowUtc)
        : this()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requirements);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuedBy);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        Kind = kind;
        Year = year;
        Sequence = sequence;
        RecipientUnitId = recipientUnitId;
        TaskId = taskId;
        FlagId = flagId;
        Requirements = requirements.Trim();
        Deadline = deadline;
        IssuedBy = issuedBy;
        IssuerOfficeId = issuerOfficeId;
        IssuedAtUtc = nowUtc;
        Status = NoticeStatus.Issued;
    }

    public NoticeKind Kind { get; private set; }

    public int Year { get; private set; }

    public int Sequence { get; private set; }

    public string Number => NoticeNumbering.Format(Kind, Year, Sequence);

    public NoticeStatus Status { get; private set; }

    public int RecipientUnitId { get; private set; }

    public int? TaskId { get; private set; }

    public int? FlagId { get; private set; }

    public string Requirements { get; private set; }

    public DateOnly Deadline { get; private set; }

    public string IssuedBy { get; private set; }

    public int? IssuerOfficeId { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    public DateTime? SignedAtUtc { get; private set; }

    public string? SignedBy { get; private set; }

    public IReadOnlyList<NoticeResponse> Responses => _responses;

    public string? ReturnReason { get; private set; }

    public DateTime? ReturnedAtUtc { get; private set; }

    public string? ReturnedBy { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public string? ClosedBy { get; private set; }

    public bool GoodFaith { get; private set; }

    public string? GoodFaithReason { get; private set; }

    /// <summary>The overdue notice this one escalates, when it was issued by the escalation ladder.</summary>
    public int? EscalatedFromId { get; private set; }

    public Notice? EscalatedFrom { get; private set; }

    public bool IsEscalation => EscalatedFromId != null || EscalatedFrom != null;

    /// <summary>Whom, beyond the unit, the notice is addressed to (an escalation goes to the unit head and the leading official).</summary>
    public string? AddressedTo { get; private set; }

    public IReadOnlyList<NoticeEscalation> Escalations => _escalations;

    public bool IsOpen => Status != NoticeStatus.Closed;

    /// <summary>An open notice is escalated at most once.</summary>
    public bool MayEscalate => IsOpen && _escalations.All(e => e.Step != EscalationStep.Escalated);
    /// <summary>The meeting item (交办事项) the notice chases, when issued from one.</summary>
    public int? MeetingItemId { get; private set; }

    public void ChaseMeetingItem(int meetingItemId) => MeetingItemId = meetingItemId;

    public bool Allows(NoticeTransition transition) => transition switch
    {
        NoticeTransition.SignFor => Status == NoticeStatus.Issued,
        NoticeTransition.Respond => Status is NoticeStatus.SignedFor or NoticeStatus.Returned,
        NoticeTransition.Return => Status == NoticeStatus.Responded,
        NoticeTransition.Close => Status == NoticeStatus.Responded,
        _ => false,
    };

    public void SignFor(DateTime nowUtc, string by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        EnsureAllowed(NoticeTransition.SignFor);
        SignedAtUtc = nowUtc;
        SignedBy = by;
        Status = NoticeStatus.SignedFor;
    }

    public NoticeResponse Respond(string measures, DateTime nowUtc, string by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        EnsureAllowed(NoticeTransition.Respond);
        if (string.IsNullOrWhiteSpace(measures))
        {
            throw new InvalidOperationException("A response needs the measures taken.");
        }

        var response = new NoticeResponse(measures.Trim(), by, nowUtc);
        _responses.Add(response);
        Status = NoticeStatus.Responded;
        return response;
    }

    public void Return(string reason, DateTime nowUtc, string by)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        EnsureAllowed(NoticeTransition.Return);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidOperationException("A notice is returned only with a reason.");
        }

        ReturnReason = reason.Trim();
        ReturnedAtUtc = nowUtc;
        ReturnedBy = by;
        Status = NoticeStatus.Returned;
    }

    public void Close(DateTime nowUtc, string by, bool goodFaith, string? goodFaithReason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        EnsureAllowed(NoticeTransition.Close);
        if (goodFaith && string.IsNullOrWhiteSpace(goodFaithReason))
        {
            throw new InvalidOperationException("Good faith (容错) is recorded only with a reason.");
        }

        ClosedAtUtc = nowUtc;
        ClosedBy = by;
        GoodFaith = goodFaith;
        GoodFaithReason = goodFaith ? goodFaithReason!.Trim() : null;
        Status = NoticeStatus.Closed;
    }

    /// <summary>Records a reminder sent because the notice was not signed for in time.</summary>
    public NoticeEscalation RecordReminder(string cause, DateTime nowUtc, string by) =>
        AddStep(new NoticeEscalation(EscalationStep.Reminder, cause, by, nowUtc, null, null, false, null));

    /// <summary>
    /// Issues the next-level notice for this one, to the unit head and the leading official, and records the step.
    /// Good faith (容错) may be recorded by a supervisor who escalates by hand.
    /// </summary>
    public Notice Escalate(
        int year, int sequence, string addressedTo, DateOnly deadline, string cause, DateTime nowUtc, string by, bool goodFaith = false, string? goodFaithReason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(addressedTo);
        if (!MayEscalate)
        {
            throw new InvalidOperationException($"Notice {Number} is closed or already escalated.");
        }

        if (goodFaith && string.IsNullOrWhiteSpace(goodFaithReason))
        {
            throw new InvalidOperationException("Good faith (容错) is recorded only with a reason.");
        }

        var kind = EscalationLadder.NextKind(Kind);
        var requirements = $"【升级督办】{Number}逾期未办结。原督办要求：{Requirements}";
        var next = new Notice(kind, year, sequence, RecipientUnitId, TaskId, FlagId,
            requirements.Length > Lengths.LongText ? requirements[..Lengths.LongText] : requirements, deadline, by, IssuerOfficeId, nowUtc)
        {
            EscalatedFrom = this,
            AddressedTo = addressedTo.Trim(),
            MeetingItemId = MeetingItemId,
        };
        AddStep(new NoticeEscalation(EscalationStep.Escalated, cause, by, nowUtc, next, null, goodFaith, goodFaithReason?.Trim()));
        return next;
    }

    /// <summary>Lists the still-unresolved notice in the bulletin of the given quarter.</summary>
    public NoticeEscalation ListInBulletin(BulletinQuarter quarter, string cause, DateTime nowUtc, string by) =>
        AddStep(new NoticeEscalation(EscalationStep.ListedInBulletin, cause, by, nowUtc, null, quarter.Key, false, null));

    private NoticeEscalation AddStep(NoticeEscalation step)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"Notice {Number} is closed.");
        }

        if (_escalations.Any(e => e.Step == step.Step))
        {
            throw new InvalidOperationException($"Notice {Number} already took the step {step.Step}.");
        }

        _escalations.Add(step);
        return step;
    }

    private void EnsureAllowed(NoticeTransition transition)
    {
        if (!Allows(transition))
        {
            throw new InvalidOperationException($"Cannot {transition} a notice in state {Status}.");
        }
    }
}

/// <summary>One answer of the recipient unit: the measures it took.</summary>
public sealed class NoticeResponse : Entity
{
    private NoticeResponse()
    {
        Measures = string.Empty;
        RespondedBy = string.Empty;
    }

    internal NoticeResponse(string measures, string respondedBy, DateTime respondedAtUtc)
    {
        Measures = measures;
        RespondedBy = respondedBy;
        RespondedAtUtc = respondedAtUtc;
    }

    public int NoticeId { get; private set; }

    public string Measures { get; private set; }

    public string RespondedBy { get; private set; }

    public DateTime RespondedAtUtc { get; private set; }
}
