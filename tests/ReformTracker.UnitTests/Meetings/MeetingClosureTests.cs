using ReformTracker.Web.Domain.Meetings;

namespace ReformTracker.UnitTests.Meetings;

public sealed class MeetingClosureTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void A_meeting_without_items_has_no_rate()
    {
        var closure = MeetingClosure.Of([], Today);

        Assert.Equal(0, closure.Total);
        Assert.Null(closure.Rate);
        Assert.Equal("—", closure.RateText);
    }

    [Fact]
    public void All_items_done_is_one_hundred_percent_and_nothing_overdue_even_past_the_deadline()
    {
        var closure = MeetingClosure.Of([(MeetingItemState.Done, Today.AddDays(-30)), (MeetingItemState.Done, Today.AddDays(5))], Today);

        Assert.Equal(2, closure.Done);
        Assert.Equal(0, closure.Open);
        Assert.Equal(0, closure.Overdue);
        Assert.Equal(100m, closure.Rate);
        Assert.Equal("100%", closure.RateText);
    }

    [Fact]
    public void Some_done_some_overdue_counts_only_open_items_past_their_deadline_as_overdue()
    {
        var closure = MeetingClosure.Of(
        [
            (MeetingItemState.Done, Today.AddDays(-10)),
            (MeetingItemState.Open, Today.AddDays(-1)),
            (MeetingItemState.Open, Today),
        ], Today);

        Assert.Equal(3, closure.Total);
        Assert.Equal(1, closure.Done);
        Assert.Equal(2, closure.Open);
        Assert.Equal(1, closure.Overdue);
        Assert.Equal(33.3m, closure.Rate);
        Assert.Equal("33.3%", closure.RateText);
    }
}
