using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.UnitTests.Domain;

public sealed class ReformTaskTests
{
    private static readonly DateOnly Due = new(2026, 6, 30);

    [Fact]
    public void A_task_is_overdue_only_from_the_day_after_its_due_date()
    {
        var task = NewTask();

        Assert.False(task.IsOverdue(Due));
        Assert.True(task.IsOverdue(Due.AddDays(1)));
        Assert.Equal(-1, task.DaysUntilDue(Due.AddDays(1)));
    }

    [Fact]
    public void Completed_and_suspended_tasks_are_never_overdue()
    {
        var completed = NewTask();
        completed.CompleteByCloseOut(Due);
        var suspended = NewTask();
        suspended.ChangeStatus(ReformTaskStatus.Suspended, Due);

        Assert.False(completed.IsOverdue(Due.AddDays(30)));
        Assert.Equal(Due, completed.CompletedOn);
        Assert.False(suspended.IsOverdue(Due.AddDays(30)));
    }

    [Fact]
    public void Reopening_a_completed_task_clears_its_completion_date()
    {
        var task = NewTask();
        task.CompleteByCloseOut(Due);
        task.ChangeStatus(ReformTaskStatus.InProgress, Due.AddDays(3));

        Assert.Null(task.CompletedOn);
    }

    [Fact]
    public void The_lead_unit_is_never_also_a_cooperating_unit_and_duplicates_collapse()
    {
        var task = new ReformTask(1, Definition(leadUnitId: 10), [10, 11, 11, 12]);

        Assert.Equal([11, 12], task.Cooperations.Select(c => c.UnitId).Order());
    }

    [Fact]
    public void Changing_cooperating_units_keeps_the_ones_still_wanted()
    {
        var task = new ReformTask(1, Definition(leadUnitId: 10), [11, 12]);
        var kept = task.Cooperations.Single(c => c.UnitId == 12);

        task.SetCooperatingUnits([12, 13]);

        Assert.Equal([12, 13], task.Cooperations.Select(c => c.UnitId).Order());
        Assert.Same(kept, task.Cooperations.Single(c => c.UnitId == 12));
    }

    [Fact]
    public void A_due_date_before_the_start_is_refused()
    {
        var definition = Definition() with { StartDate = new DateOnly(2026, 7, 1), DueDate = new DateOnly(2026, 6, 1) };

        Assert.Throws<ArgumentException>(() => new ReformTask(1, definition, []));
    }

    [Fact]
    public void Progress_follows_the_latest_accepted_report_and_investment_accumulates()
    {
        var task = new ReformTask(1, Definition() with { KeyProject = new KeyProjectFacts(50000, 18000, ConstructionState.Preliminary) }, []);

        task.ApplyAcceptedReport(new YearMonth(2026, 5), 30, 1200, ConstructionState.Started);
        task.ApplyAcceptedReport(new YearMonth(2026, 4), 20, 800, ConstructionState.Preliminary);

        Assert.Equal(30, task.PercentComplete);
        Assert.Equal(new YearMonth(2026, 5), task.LastReportedPeriod);
        Assert.Equal(ConstructionState.Started, task.ConstructionState);
        Assert.Equal(2000m, task.InvestmentCompletedToDate);
        Assert.Equal(ReformTaskStatus.InProgress, task.Status);
    }

    [Fact]
    public void Milestones_know_whether_they_are_pending_done_late_or_overdue()
    {
        var task = NewTask();
        var onTime = task.AddMilestone("3月底前完成方案", new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 20));
        var late = task.AddMilestone("4月底前完成招标", new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 8));
        var open = task.AddMilestone("6月底前动工", new DateOnly(2026, 6, 30));
        var today = new DateOnly(2026, 6, 30);

        Assert.Equal(MilestoneState.DoneOnTime, onTime.StateOn(today));
        Assert.Equal(MilestoneState.DoneLate, late.StateOn(today));
        Assert.Equal(MilestoneState.Pending, open.StateOn(today));
        Assert.Equal(MilestoneState.Overdue, open.StateOn(today.AddDays(1)));
        Assert.True(open.IsOverdue(today.AddDays(1)));
    }

    internal static ReformTask NewTask() => new(1, Definition(), []);

    internal static TaskDefinition Definition(int leadUnitId = 10) => new(
        "GM2026-01-01", "推进工程建设项目审批制度改革", "内容", "目标", "标准", 1, 1, leadUnitId, null,
        new DateOnly(2026, 1, 1), Due, TaskPriority.Normal, null);
}
