using System.Globalization;
using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Supervision;

/// <summary>The rungs of the escalation ladder, in the order a neglected notice climbs them.</summary>
public enum EscalationStep
{
    /// <summary>Not signed for in time: the unit is reminded.</summary>
    Reminder = 1,

    /// <summary>Not answered by the deadline: a new notice one level up, to the unit head and the leading official.</summary>
    Escalated = 2,

    /// <summary>Still unresolved after escalation: listed in the next 通报 (the quarterly bulletin).</summary>
    ListedInBulletin = 3,
}

/// <summary>The ladder's timings; configuration (Supervision:Escalation:*), with the programme's defaults.</summary>
public sealed record EscalationSettings
{
    /// <summary>A notice not signed for this many days after it was issued gets a reminder.</summary>
    public int SignWithinDays { get; init; } = 2;

    /// <summary>The deadline of an escalated notice, in days from the day it is issued.</summary>
    public int EscalatedResponseDays { get; init; } = 5;
}

/// <summary>A quarter of a year, the period of one 季度跟踪通报: stored as yyyyq (20264 is 2026 Q4).</summary>
public readonly record struct BulletinQuarter(int Year, int Quarter)
{
    public static BulletinQuarter Containing(DateOnly day) => new(day.Year, ((day.Month - 1) / 3) + 1);

    public static BulletinQuarter FromKey(int key) => new(key / 10, key % 10);

    public int Key => (Year * 10) + Quarter;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}年第{Quarter}季度");
}

/// <summary>What the ladder knows about one open notice on a given day.</summary>
public sealed record NoticeLadderFacts(
    NoticeStatus Status,
    DateOnly IssuedOn,
    DateOnly Deadline,
    bool IsEscalation,
    IReadOnlyCollection<EscalationStep> StepsTaken);

/// <summary>The step due today and why, in the words shown to users.</summary>
public sealed record EscalationDecision(EscalationStep Step, string Cause);

/// <summary>
/// Decides the next rung for a notice on a given day. A notice climbs each rung at most once; an escalated notice is
/// not escalated again but, left unresolved, is listed in the bulletin. Closed and answered notices never climb.
/// </summary>
public static class EscalationLadder
{
    public static EscalationDecision? Decide(NoticeLadderFacts facts, DateOnly today, EscalationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(settings);
        if (facts.Status is NoticeStatus.Closed or NoticeStatus.Responded)
        {
            return null;
        }

        var overdue = today > facts.Deadline;
        if (overdue && !facts.IsEscalation && !facts.StepsTaken.Contains(EscalationStep.Escalated))
        {
            return new EscalationDecision(EscalationStep.Escalated, Format("逾期未反馈（办理期限 {0:yyyy-MM-dd}），升级督办", facts.Deadline));
        }

        if (overdue && facts.IsEscalation && !facts.StepsTaken.Contains(EscalationStep.ListedInBulletin))
        {
            return new EscalationDecision(
                EscalationStep.ListedInBulletin, Format("升级督办后仍逾期未办结（办理期限 {0:yyyy-MM-dd}），列入下期通报", facts.Deadline));
        }

        var signBy = facts.IssuedOn.AddDays(settings.SignWithinDays);
        if (facts.Status == NoticeStatus.Issued && today >= signBy && !facts.StepsTaken.Contains(EscalationStep.Reminder)
            && !facts.StepsTaken.Contains(EscalationStep.Escalated))
        {
            return new EscalationDecision(EscalationStep.Reminder, Format("下发后 {0} 日内未签收，发送提醒", settings.SignWithinDays));
        }

        return null;
    }

    /// <summary>The kind of the notice an escalation issues: one level up, but the system itself never goes past 整改通知.</summary>
    public static NoticeKind NextKind(NoticeKind kind) => kind switch
    {
        NoticeKind.Reminder => NoticeKind.SupervisionNotice,
        NoticeKind.SupervisionNotice => NoticeKind.Rectification,
        _ => kind,
    };

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}

/// <summary>One step of the ladder taken on a notice: when, why, by whom, and what it produced.</summary>
public sealed class NoticeEscalation : Entity
{
    private NoticeEscalation()
    {
        Cause = string.Empty;
        TakenBy = string.Empty;
    }

    internal NoticeEscalation(EscalationStep step, string cause, string takenBy, DateTime takenAtUtc, Notice? resultingNotice, int? bulletinQuarterKey,
        bool goodFaith, string? goodFaithReason)
        : this()
    {
        Step = step;
        Cause = cause;
        TakenBy = takenBy;
        TakenAtUtc = takenAtUtc;
        ResultingNotice = resultingNotice;
        BulletinQuarterKey = bulletinQuarterKey;
        GoodFaith = goodFaith;
        GoodFaithReason = goodFaith ? goodFaithReason : null;
    }

    public int NoticeId { get; private set; }

    public EscalationStep Step { get; private set; }

    public string Cause { get; private set; }

    public string TakenBy { get; private set; }

    public DateTime TakenAtUtc { get; private set; }

    public int? ResultingNoticeId { get; private set; }

    public Notice? ResultingNotice { get; private set; }

    /// <summary>For <see cref="EscalationStep.ListedInBulletin"/>: the quarter whose bulletin lists it (see <see cref="BulletinQuarter"/>).</summary>
    public int? BulletinQuarterKey { get; private set; }

    public bool GoodFaith { get; private set; }

    public string? GoodFaithReason { get; private set; }
}
