using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.UnitTests.Meetings;

public sealed class MeetingItemTests
{
    private static readonly DateOnly MeetingDate = new(2026, 10, 20);
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static MeetingItem NewItem(DateOnly? deadline = null) =>
        new Meeting("10月晒比会", MeetingDate, null, 1, "何建明\n重点项目办", "纪要", "supervisor")
            .Assign("完成征拆摸底", 7, deadline ?? new DateOnly(2026, 11, 30), null);

    [Fact]
    public void A_new_item_is_open_and_done_with_a_note_records_who_and_when()
    {
        var item = NewItem();
        Assert.Equal(MeetingItemState.Open, item.State);

        item.MarkDone("  已完成摸底，建立一户一档  ", "reporter", Now);

        Assert.Equal(MeetingItemState.Done, item.State);
        Assert.Equal("已完成摸底，建立一户一档", item.CompletionNote);
        Assert.Equal("reporter", item.DoneBy);
        Assert.Equal(Now, item.DoneAtUtc);
    }

    [Fact]
    public void Marking_done_needs_a_note_and_an_open_item()
    {
        var item = NewItem();
        Assert.Throws<InvalidOperationException>(() => item.MarkDone(" ", "reporter", Now));
        Assert.Equal(MeetingItemState.Open, item.State);

        item.MarkDone("已办", "reporter", Now);
        Assert.Throws<InvalidOperationException>(() => item.MarkDone("再办一次", "reporter", Now));
    }

    [Fact]
    public void Reopening_needs_a_done_item_and_a_reason_and_makes_it_open_again()
    {
        var item = NewItem();
        Assert.Throws<InvalidOperationException>(() => item.Reopen("未办完", "reviewer", Now));

        item.MarkDone("已办", "reporter", Now);
        Assert.Throws<InvalidOperationException>(() => item.Reopen("", "reviewer", Now));
        Assert.True(item.IsDone);

        item.Reopen("现场核查仍有3户未摸底", "reviewer", Now.AddDays(1));

        Assert.Equal(MeetingItemState.Open, item.State);
        Assert.Equal("现场核查仍有3户未摸底", item.ReopenReason);
        Assert.Equal("reviewer", item.ReopenedBy);
        Assert.Null(item.DoneAtUtc);
        item.MarkDone("补齐3户", "reporter", Now.AddDays(2));
        Assert.True(item.IsDone);
    }

    [Fact]
    public void An_item_cannot_be_due_before_its_meeting_and_a_meeting_has_exactly_one_scope()
    {
        var meeting = new Meeting("晒比会", MeetingDate, 3, null, null, null, "supervisor");
        Assert.Throws<InvalidOperationException>(() => meeting.Assign("事项", 1, MeetingDate.AddDays(-1), null));
        Assert.Throws<ArgumentException>(() => new Meeting("晒比会", MeetingDate, 3, 1, null, null, "supervisor"));
        Assert.Throws<ArgumentException>(() => new Meeting("晒比会", MeetingDate, null, null, null, null, "supervisor"));
        Assert.Equal(["何建明", "重点项目办", "财政局"], Meeting.SplitAttendees("何建明\r\n重点项目办、财政局\n\n"));
    }

    [Fact]
    public void Only_an_open_item_past_its_deadline_is_overdue_and_raises_a_red_finding()
    {
        var deadline = new DateOnly(2026, 11, 1);
        var today = new DateOnly(2026, 11, 23);

        Assert.Null(MeetingItem.Judge("事项", MeetingItemState.Open, deadline, deadline));
        Assert.Null(MeetingItem.Judge("事项", MeetingItemState.Done, deadline, today));
        var finding = MeetingItem.Judge("完成征拆摸底", MeetingItemState.Open, deadline, today);

        Assert.NotNull(finding);
        Assert.Equal(FlagRule.MeetingItemOverdue, finding.Rule);
        Assert.Equal(Light.Red, finding.Light);
        Assert.Contains("逾期 22 天", finding.Reason, StringComparison.Ordinal);
    }
}
