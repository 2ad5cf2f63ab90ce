using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.UnitTests.Supervision;

public sealed class EscalationLadderTests
{
    private static readonly EscalationSettings Settings = new();
    private static readonly DateOnly Issued = new(2026, 11, 23);
    private static readonly DateOnly Deadline = new(2026, 11, 30);
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static EscalationDecision? Decide(
        DateOnly today, NoticeStatus status = NoticeStatus.Issued, bool isEscalation = false, params EscalationStep[] taken) =>
        EscalationLadder.Decide(new NoticeLadderFacts(status, Issued, Deadline, isEscalation, taken), today, Settings);

    [Fact]
    public void An_unsigned_notice_gets_its_reminder_on_the_second_day_after_issue_not_before()
    {
        Assert.Null(Decide(Issued));
        Assert.Null(Decide(Issued.AddDays(1)));
        var reminder = Decide(Issued.AddDays(2));
        Assert.Equal(EscalationStep.Reminder, reminder?.Step);
        Assert.Equal("下发后 2 日内未签收，发送提醒", reminder?.Cause);
    }

    [Fact]
    public void A_signed_notice_or_one_already_reminded_gets_no_reminder()
    {
        Assert.Null(Decide(Issued.AddDays(3), NoticeStatus.SignedFor));
        Assert.Null(Decide(Issued.AddDays(3), NoticeStatus.Issued, false, EscalationStep.Reminder));
    }

    [Fact]
    public void The_sign_window_is_configuration()
    {
        var facts = new NoticeLadderFacts(NoticeStatus.Issued, Issued, Deadline, false, []);
        Assert.Null(EscalationLadder.Decide(facts, Issued.AddDays(3), Settings with { SignWithinDays = 4 }));
        Assert.Equal(EscalationStep.Reminder, EscalationLadder.Decide(facts, Issued.AddDays(4), Settings with { SignWithinDays = 4 })?.Step);
    }

    [Theory]
    [InlineData(NoticeStatus.Issued)]
    [InlineData(NoticeStatus.SignedFor)]
    [InlineData(NoticeStatus.Returned)]
    public void An_unanswered_notice_escalates_the_day_after_its_deadline_not_on_it(NoticeStatus status)
    {
        Assert.NotEqual(EscalationStep.Escalated, Decide(Deadline, status, false, EscalationStep.Reminder)?.Step);
        var decision = Decide(Deadline.AddDays(1), status, false, EscalationStep.Reminder);
        Assert.Equal(EscalationStep.Escalated, decision?.Step);
        Assert.Equal("逾期未反馈（办理期限 2026-11-30），升级督办", decision?.Cause);
    }

    [Theory]
    [InlineData(NoticeStatus.Responded)]
    [InlineData(NoticeStatus.Closed)]
    public void An_answered_or_closed_notice_never_climbs(NoticeStatus status)
    {
        Assert.Null(Decide(Deadline.AddDays(30), status));
        Assert.Null(Decide(Deadline.AddDays(30), status, true));
    }

    [Fact]
    public void Each_rung_is_climbed_once_and_an_escalated_notice_left_unanswered_is_listed_in_the_bulletin()
    {
        Assert.Null(Decide(Deadline.AddDays(5), NoticeStatus.SignedFor, false, EscalationStep.Escalated));
        Assert.Null(Decide(Deadline, NoticeStatus.SignedFor, true));
        var listing = Decide(Deadline.AddDays(1), NoticeStatus.SignedFor, true);
        Assert.Equal(EscalationStep.ListedInBulletin, listing?.Step);
        Assert.Contains("列入下期通报", listing?.Cause, StringComparison.Ordinal);
        Assert.Null(Decide(Deadline.AddDays(2), NoticeStatus.SignedFor, true, EscalationStep.ListedInBulletin));
    }

    [Fact]
    public void A_deadline_at_a_year_end_and_a_leap_day_count_like_any_other()
    {
        var yearEnd = new NoticeLadderFacts(NoticeStatus.SignedFor, new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 31), false, []);
        Assert.Null(EscalationLadder.Decide(yearEnd, new DateOnly(2026, 12, 31), Settings));
        Assert.Equal(EscalationStep.Escalated, EscalationLadder.Decide(yearEnd, new DateOnly(2027, 1, 1), Settings)?.Step);
        var leap = new NoticeLadderFacts(NoticeStatus.Issued, new DateOnly(2028, 2, 27), new DateOnly(2028, 3, 10), false, []);
        Assert.Null(EscalationLadder.Decide(leap, new DateOnly(2028, 2, 28), Settings));
        Assert.Equal(EscalationStep.Reminder, EscalationLadder.Decide(leap, new DateOnly(2028, 2, 29), Settings)?.Step);
    }

    [Theory]
    [InlineData(NoticeKind.Reminder, NoticeKind.SupervisionNotice)]
    [InlineData(NoticeKind.SupervisionNotice, NoticeKind.Rectification)]
    [InlineData(NoticeKind.Rectification, NoticeKind.Rectification)]
    [InlineData(NoticeKind.PublicCriticism, NoticeKind.PublicCriticism)]
    public void Escalation_goes_one_level_up_but_the_system_never_issues_past_a_rectification_order(NoticeKind from, NoticeKind to) =>
        Assert.Equal(to, EscalationLadder.NextKind(from));

    [Fact]
    public void Escalating_issues_the_next_level_to_the_head_and_records_the_step_once()
    {
        var notice = new Notice(NoticeKind.SupervisionNotice, 2026, 3, 7, 11, null, "请加快推进", Deadline, "supervisor", null, Now);

        var next = notice.Escalate(2026, 9, "区发改局主要负责人", Deadline.AddDays(6), "逾期未反馈", Now.AddDays(8), "system");

        Assert.Equal(NoticeKind.Rectification, next.Kind);
        Assert.Equal("整改〔2026〕9号", next.Number);
        Assert.Equal(7, next.RecipientUnitId);
        Assert.Equal(11, next.TaskId);
        Assert.Equal("区发改局主要负责人", next.AddressedTo);
        Assert.True(next.IsEscalation);
        Assert.StartsWith("【升级督办】督办〔2026〕3号逾期未办结", next.Requirements, StringComparison.Ordinal);
        var step = Assert.Single(notice.Escalations);
        Assert.Equal(EscalationStep.Escalated, step.Step);
        Assert.Same(next, step.ResultingNotice);
        Assert.False(notice.MayEscalate);
        Assert.Throws<InvalidOperationException>(() => notice.Escalate(2026, 10, "x", Deadline, "再次", Now, "system"));
    }

    [Fact]
    public void Good_faith_on_an_escalation_needs_a_reason_and_a_closed_notice_takes_no_step()
    {
        var notice = new Notice(NoticeKind.Rectification, 2026, 1, 7, 11, null, "请整改", Deadline, "supervisor", null, Now);
        Assert.Throws<InvalidOperationException>(() => notice.Escalate(2026, 2, "x", Deadline, "逾期", Now, "supervisor", goodFaith: true, goodFaithReason: " "));
        Assert.Empty(notice.Escalations);

        notice.Escalate(2026, 2, "x", Deadline, "逾期", Now, "supervisor", goodFaith: true, goodFaithReason: "受汛期影响");
        Assert.True(notice.Escalations[0].GoodFaith);
        Assert.Equal("受汛期影响", notice.Escalations[0].GoodFaithReason);

        var closed = new Notice(NoticeKind.Rectification, 2026, 3, 7, 11, null, "请整改", Deadline, "supervisor", null, Now);
        closed.SignFor(Now, "reporter");
        closed.Respond("已整改", Now, "reporter");
        closed.Close(Now, "supervisor", false, null);
        Assert.Throws<InvalidOperationException>(() => closed.RecordReminder("提醒", Now, "system"));
        Assert.Throws<InvalidOperationException>(() => closed.ListInBulletin(new BulletinQuarter(2026, 4), "通报", Now, "system"));
    }

    [Theory]
    [InlineData(2026, 1, 1, 20261)]
    [InlineData(2026, 3, 31, 20261)]
    [InlineData(2026, 4, 1, 20262)]
    [InlineData(2026, 12, 31, 20264)]
    public void A_day_belongs_to_its_quarters_bulletin(int year, int month, int day, int key)
    {
        var quarter = BulletinQuarter.Containing(new DateOnly(year, month, day));
        Assert.Equal(key, quarter.Key);
        Assert.Equal(quarter, BulletinQuarter.FromKey(key));
    }
}
