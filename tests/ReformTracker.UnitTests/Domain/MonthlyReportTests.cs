using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.UnitTests.Domain;

public sealed class MonthlyReportTests
{
    private static readonly DateTime Now = new(2026, 11, 3, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST");
    private static readonly YearMonth October = new(2026, 10);

    public static TheoryData<ReportStatus, ReportTransition, bool> Transitions()
    {
        var legal = new HashSet<(ReportStatus, ReportTransition)>
        {
            (ReportStatus.Draft, ReportTransition.Edit), (ReportStatus.Draft, ReportTransition.Submit),
            (ReportStatus.Returned, ReportTransition.Edit), (ReportStatus.Returned, ReportTransition.Submit),
            (ReportStatus.Submitted, ReportTransition.Withdraw), (ReportStatus.Submitted, ReportTransition.Accept),
            (ReportStatus.Submitted, ReportTransition.Return), (ReportStatus.Accepted, ReportTransition.Amend),
        };
        var data = new TheoryData<ReportStatus, ReportTransition, bool>();
        foreach (var status in Enum.GetValues<ReportStatus>())
        {
            foreach (var transition in Enum.GetValues<ReportTransition>())
            {
                data.Add(status, transition, legal.Contains((status, transition)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_legal_transition_works_and_every_illegal_one_is_refused(ReportStatus from, ReportTransition transition, bool legal)
    {
        var (report, task) = InState(from);

        Assert.Equal(legal, report.Allows(transition));
        Action act = transition switch
        {
            ReportTransition.Edit => () => report.Fill("改写", 50, null, null, null),
            ReportTransition.Submit => () => report.Submit(Now, "reporter"),
            ReportTransition.Withdraw => report.Withdraw,
            ReportTransition.Accept => () => report.Accept(Now, "reviewer", task),
            ReportTransition.Return => () => report.Return("请补充", Now, "reviewer"),
            ReportTransition.Amend => () => report.Amend("更正笔误", "更正后", 45, "reporter", task),
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };
        if (legal)
        {
            act();
        }
        else
        {
            Assert.Throws<InvalidOperationException>(act);
            Assert.Equal(from, report.Status);
        }
    }

    [Fact]
    public void Accepting_moves_the_task_progress_and_marks_the_reached_milestones()
    {
        var task = ReformTaskTests.NewTask();
        var milestone = task.AddMilestone("10月底前完成招标", new DateOnly(2026, 10, 31));
        typeof(Entity).GetProperty(nameof(Entity.Id))!.SetValue(milestone, 7);
        var report = Filled(task);
        report.SetMilestonesReached([(7, new DateOnly(2026, 10, 28))]);
        report.Submit(Now, "reporter");

        report.Accept(Now, "reviewer", task);

        Assert.Equal(40, task.PercentComplete);
        Assert.Equal(October, task.LastReportedPeriod);
        Assert.Equal(new DateOnly(2026, 10, 28), milestone.DoneDate);
        Assert.Equal("reviewer", report.ReviewedBy);
    }

    [Fact]
    public void A_returned_report_carries_the_comment_and_its_first_submission_time_survives_resubmission()
    {
        var (report, _) = InState(ReportStatus.Submitted);

        report.Return("请补充投资完成情况", Now.AddDays(1), "reviewer");
        report.Fill("补充后的实现情况", 45, null, 300, null);
        report.Submit(Now.AddDays(3), "reporter");

        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal("请补充投资完成情况", report.ReviewComment);
        Assert.Equal(1, report.ReturnCount);
        Assert.Equal(Now, report.FirstSubmittedAtUtc);
    }

    [Fact]
    public void Returning_without_a_comment_is_refused()
    {
        var (report, _) = InState(ReportStatus.Submitted);

        Assert.Throws<ArgumentException>(() => report.Return("  ", Now, "reviewer"));
        Assert.Equal(ReportStatus.Submitted, report.Status);
    }

    [Fact]
    public void An_amendment_keeps_the_accepted_text_and_corrects_the_task()
    {
        var (report, task) = InState(ReportStatus.Accepted);

        var amendment = report.Amend("填报时进度少算了2个百分点", "更正后的实现情况", 42, "reporter", task);

        Assert.Equal("完成控规编制并报审", report.Achievement);
        Assert.Equal(40, amendment.OriginalPercent);
        Assert.Equal(("更正后的实现情况", 42), report.Effective);
        Assert.Equal(42, task.PercentComplete);
        Assert.Throws<ArgumentException>(() => report.Amend(" ", "x", 1, "reporter", task));
    }

    [Fact]
    public void Carrying_forward_copies_text_percent_and_open_problems_into_a_new_draft()
    {
        var (previous, _) = InState(ReportStatus.Accepted);

        var draft = MonthlyReport.CarryForward(previous, October.Next, previous.UnitId);

        Assert.Equal(ReportStatus.Draft, draft.Status);
        Assert.Equal(October.Next, draft.Period);
        Assert.Equal(previous.Achievement, draft.Achievement);
        Assert.Equal(previous.PercentComplete, draft.PercentComplete);
        Assert.Equal(0m, draft.InvestmentThisMonth);
        Assert.Equal(["征地进度滞后"], draft.Problems.Select(p => p.Description));
        Assert.Throws<ArgumentException>(() => MonthlyReport.CarryForward(previous, October, previous.UnitId));
    }

    [Fact]
    public void Withdrawing_a_first_submission_forgets_its_time()
    {
        var (report, _) = InState(ReportStatus.Submitted);

        report.Withdraw();

        Assert.Equal(ReportStatus.Draft, report.Status);
        Assert.Null(report.FirstSubmittedAtUtc);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_percent_outside_0_to_100_is_refused(int percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MonthlyReport.StartDraft(1, 1, October).Fill("x", percent, null, null, null));

    [Fact]
    public void Negative_investment_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MonthlyReport.StartDraft(1, 1, October).Fill("x", 5, null, -1, null));

    [Fact]
    public void An_empty_draft_cannot_be_submitted() =>
        Assert.Throws<InvalidOperationException>(() => MonthlyReport.StartDraft(1, 1, October).Submit(Now, "reporter"));

    [Fact]
    public void On_time_means_first_submitted_by_the_end_of_the_cut_off_day_in_the_district()
    {
        var calendar = new ReportingCalendar();
        var (onTime, _) = InState(ReportStatus.Draft);
        onTime.Submit(new DateTime(2026, 11, 5, 15, 59, 0, DateTimeKind.Utc), "reporter");
        var (late, _) = InState(ReportStatus.Draft);
        late.Submit(new DateTime(2026, 11, 5, 16, 1, 0, DateTimeKind.Utc), "reporter");

        Assert.True(onTime.WasSubmittedOnTime(calendar, China));
        Assert.False(late.WasSubmittedOnTime(calendar, China));
    }

    [Fact]
    public void Problems_are_kept_with_their_measure_unit_and_deadline()
    {
        var report = MonthlyReport.StartDraft(1, 1, October);

        var problem = report.AddProblem("征地进度滞后", "区征拆办牵头协调", 7, new DateOnly(2026, 11, 30));

        Assert.False(problem.IsOverdue(new DateOnly(2026, 11, 30)));
        Assert.True(problem.IsOverdue(new DateOnly(2026, 12, 1)));
        problem.MarkResolved(new DateOnly(2026, 11, 28));
        Assert.False(problem.IsOverdue(new DateOnly(2026, 12, 1)));
    }

    private static MonthlyReport Filled(ReformTask task)
    {
        var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, October);
        report.Fill("完成控规编制并报审", 40, null, 200, null);
        report.AddProblem("征地进度滞后", "区征拆办牵头协调", 7, new DateOnly(2026, 11, 30));
        return report;
    }

    private static (MonthlyReport Report, ReformTask Task) InState(ReportStatus status)
    {
        var task = ReformTaskTests.NewTask();
        var report = Filled(task);
        if (status == ReportStatus.Draft)
        {
            return (report, task);
        }

        report.Submit(Now, "reporter");
        switch (status)
        {
            case ReportStatus.Accepted:
                report.Accept(Now, "reviewer", task);
                break;
            case ReportStatus.Returned:
                report.Return("请补充", Now, "reviewer");
                break;
        }

        return (report, task);
    }
}
