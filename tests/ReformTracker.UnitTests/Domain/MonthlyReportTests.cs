using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;

namespace ReformTracker.UnitTests.Domain;

public sealed class MonthlyReportTests
{
    private static readonly DateTime Now = new(2026, 11, 3, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST");

    [Fact]
    public void A_draft_is_submitted_then_accepted()
    {
        var report = Filled();

        report.Submit(Now);
        report.Accept(Now.AddDays(1));

        Assert.Equal(ReportStatus.Accepted, report.Status);
        Assert.False(report.IsEditable);
    }

    [Fact]
    public void A_returned_report_carries_the_comment_and_can_be_corrected_and_resubmitted()
    {
        var report = Filled();
        report.Submit(Now);

        report.Return("请补充投资完成情况", Now);
        report.Fill("补充后的实现情况", 45, null, 300, null);
        report.Submit(Now.AddHours(2));

        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal("请补充投资完成情况", report.ReviewComment);
    }

    [Fact]
    public void Returning_without_a_comment_is_refused()
    {
        var report = Filled();
        report.Submit(Now);

        Assert.Throws<ArgumentException>(() => report.Return("  ", Now));
    }

    [Fact]
    public void An_accepted_report_cannot_be_changed_returned_or_withdrawn()
    {
        var report = Filled();
        report.Submit(Now);
        report.Accept(Now);

        Assert.Throws<InvalidOperationException>(() => report.Fill("改", 50, null, null, null));
        Assert.Throws<InvalidOperationException>(() => report.Return("退回", Now));
        Assert.Throws<InvalidOperationException>(() => report.Withdraw());
        Assert.Throws<InvalidOperationException>(() => report.Submit(Now));
    }

    [Fact]
    public void A_draft_cannot_be_reviewed_and_an_empty_draft_cannot_be_submitted()
    {
        var empty = MonthlyReport.StartDraft(1, 1, new YearMonth(2026, 10));

        Assert.Throws<InvalidOperationException>(() => empty.Accept(Now));
        Assert.Throws<InvalidOperationException>(() => empty.Return("x", Now));
        Assert.Throws<InvalidOperationException>(() => empty.Submit(Now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_percent_outside_0_to_100_is_refused(int percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MonthlyReport.StartDraft(1, 1, new YearMonth(2026, 10)).Fill("x", percent, null, null, null));

    [Fact]
    public void Negative_investment_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MonthlyReport.StartDraft(1, 1, new YearMonth(2026, 10)).Fill("x", 5, null, -1, null));

    [Fact]
    public void On_time_means_submitted_by_the_end_of_the_cut_off_day_in_the_district()
    {
        var calendar = new ReportingCalendar();
        var onTime = Filled();
        onTime.Submit(new DateTime(2026, 11, 5, 15, 59, 0, DateTimeKind.Utc)); // 23:59 on the 5th in UTC+8
        var late = Filled();
        late.Submit(new DateTime(2026, 11, 5, 16, 1, 0, DateTimeKind.Utc)); // 00:01 on the 6th in UTC+8

        Assert.True(onTime.WasSubmittedOnTime(calendar, China));
        Assert.False(late.WasSubmittedOnTime(calendar, China));
    }

    [Fact]
    public void Problems_are_kept_with_their_measure_unit_and_deadline()
    {
        var report = Filled();

        var problem = report.AddProblem("征地进度滞后", "区征拆办牵头协调", 7, new DateOnly(2026, 11, 30));

        Assert.Single(report.Problems);
        Assert.False(problem.IsOverdue(new DateOnly(2026, 11, 30)));
        Assert.True(problem.IsOverdue(new DateOnly(2026, 12, 1)));
        problem.MarkResolved(new DateOnly(2026, 11, 28));
        Assert.False(problem.IsOverdue(new DateOnly(2026, 12, 1)));
    }

    private static MonthlyReport Filled()
    {
        var report = MonthlyReport.StartDraft(1, 1, new YearMonth(2026, 10));
        report.Fill("完成控规编制并报审", 40, null, 200, null);
        return report;
    }
}
