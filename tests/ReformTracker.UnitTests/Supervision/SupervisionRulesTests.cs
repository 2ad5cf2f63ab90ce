using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.UnitTests.Supervision;

public sealed class SupervisionRulesTests
{
    private static readonly ReportingCalendar Calendar = new();
    private static readonly SupervisionSettings Settings = new();

    [Fact]
    public void A_task_due_today_is_not_overdue_and_one_due_yesterday_is_red()
    {
        var today = new DateOnly(2026, 6, 30);

        var dueToday = Judge(Task(due: today, percent: 95), today);
        var dueYesterday = Judge(Task(due: today.AddDays(-1), percent: 95), today);

        Assert.DoesNotContain(dueToday.Findings, f => f.Rule == FlagRule.TaskOverdue);
        var overdue = Assert.Single(dueYesterday.Findings, f => f.Rule == FlagRule.TaskOverdue);
        Assert.Equal(Light.Red, dueYesterday.Light);
        Assert.Equal("已超过完成时限 1 天（时限 2026-06-29），完成 95%", overdue.Reason);
    }

    [Fact]
    public void A_report_is_missing_only_from_the_day_after_the_cut_off()
    {
        var facts = Task(start: new DateOnly(2026, 9, 1), due: new DateOnly(2026, 12, 31), percent: 40, filed: [new YearMonth(2026, 9)]);

        var onCutOff = Judge(facts, new DateOnly(2026, 11, 5));
        var dayAfter = Judge(facts, new DateOnly(2026, 11, 6));

        Assert.DoesNotContain(onCutOff.Findings, f => f.Rule == FlagRule.ReportMissing);
        var missing = Assert.Single(dayAfter.Findings, f => f.Rule == FlagRule.ReportMissing);
        Assert.Equal("r2026-10", missing.SubjectKey);
        Assert.Equal(Light.Yellow, missing.Light);
        Assert.Equal("2026-10 月报逾期未报 1 天（截止 2026-11-05）", missing.Reason);
    }

    [Fact]
    public void Months_before_reporting_began_in_the_system_are_not_owed()
    {
        var facts = Task(start: new DateOnly(2026, 1, 1), due: new DateOnly(2026, 12, 31), percent: 60, filed: Months(2026, 5, 10)) with { ReportingSince = new YearMonth(2026, 5) };

        Assert.DoesNotContain(Judge(facts, new DateOnly(2026, 11, 23)).Findings, f => f.Rule == FlagRule.ReportMissing);
        Assert.Contains(Judge(facts with { ReportingSince = null }, new DateOnly(2026, 11, 23)).Findings, f => f.SubjectKey == "r2026-01");
    }

    [Fact]
    public void A_report_missing_for_more_than_ten_days_is_red()
    {
        var facts = Task(start: new DateOnly(2026, 10, 1), due: new DateOnly(2026, 12, 31), percent: 40, filed: []);

        Assert.Equal(Light.Yellow, Judge(facts, new DateOnly(2026, 11, 15)).Findings.Single(f => f.Rule == FlagRule.ReportMissing).Light);
        Assert.Equal(Light.Red, Judge(facts, new DateOnly(2026, 11, 16)).Findings.Single(f => f.Rule == FlagRule.ReportMissing).Light);
    }

    [Fact]
    public void December_is_due_on_the_fifth_of_January_across_the_year_end()
    {
        var facts = Task(start: new DateOnly(2026, 12, 1), due: new DateOnly(2027, 6, 30), percent: 10, filed: []);

        Assert.DoesNotContain(Judge(facts, new DateOnly(2027, 1, 5)).Findings, f => f.Rule == FlagRule.ReportMissing);
        Assert.Contains(Judge(facts, new DateOnly(2027, 1, 6)).Findings, f => f.SubjectKey == "r2026-12");
    }

    [Fact]
    public void A_milestone_planned_for_the_leap_day_is_overdue_on_the_first_of_March()
    {
        var facts = Task(start: new DateOnly(2028, 1, 1), due: new DateOnly(2028, 12, 31), percent: 30,
            milestones: [new MilestoneFact(7, "2月底前完成方案", new DateOnly(2028, 2, 29), null)]);

        Assert.DoesNotContain(Judge(facts, new DateOnly(2028, 2, 29)).Findings, f => f.Rule == FlagRule.MilestoneOverdue);
        var overdue = Assert.Single(Judge(facts, new DateOnly(2028, 3, 1)).Findings, f => f.Rule == FlagRule.MilestoneOverdue);
        Assert.Equal("m7", overdue.SubjectKey);
        Assert.Equal("节点“2月底前完成方案”逾期 1 天（计划 2028-02-29）", overdue.Reason);
    }

    [Fact]
    public void A_measure_past_its_resolve_by_date_is_yellow_from_the_next_day()
    {
        var facts = Task(percent: 50, problems: [new ProblemFact(3, "征地进度滞后", "区征拆办牵头协调", new DateOnly(2026, 5, 31))]);

        Assert.DoesNotContain(Judge(facts, new DateOnly(2026, 5, 31)).Findings, f => f.Rule == FlagRule.MeasureOverdue);
        Assert.Equal(Light.Yellow, Judge(facts, new DateOnly(2026, 6, 1)).Findings.Single(f => f.Rule == FlagRule.MeasureOverdue).Light);
    }

    [Fact]
    public void Two_accepted_reports_at_the_same_percent_mean_stalled()
    {
        var facts = Task(percent: 40, accepted: [new AcceptedPercent(new YearMonth(2026, 4), 40), new AcceptedPercent(new YearMonth(2026, 5), 40)]);
        var moving = Task(percent: 45, accepted: [new AcceptedPercent(new YearMonth(2026, 4), 40), new AcceptedPercent(new YearMonth(2026, 5), 45)]);

        var stalled = Assert.Single(Judge(facts, new DateOnly(2026, 6, 3)).Findings, f => f.Rule == FlagRule.Stalled);
        Assert.Equal("进度停滞：2026-04、2026-05 两次月报均为 40%", stalled.Reason);
        Assert.DoesNotContain(Judge(moving, new DateOnly(2026, 6, 3)).Findings, f => f.Rule == FlagRule.Stalled);
    }

    [Fact]
    public void Falling_behind_the_straight_line_is_yellow_and_tells_the_predicted_finish()
    {
        // Start 1 Jan, due 31 Dec 2026: on 2 July about half the year has passed, so 50% is expected.
        var facts = Task(start: new DateOnly(2026, 1, 1), due: new DateOnly(2026, 12, 31), percent: 20);

        var judgement = Judge(facts, new DateOnly(2026, 7, 2));

        var behind = Assert.Single(judgement.Findings, f => f.Rule == FlagRule.BehindTrajectory);
        Assert.Equal(50, judgement.ExpectedPercent);
        Assert.StartsWith("进度 20% 落后于计划进度 50%，按当前速度预计 ", behind.Reason, StringComparison.Ordinal);
        Assert.EndsWith("完成，晚于时限", behind.Reason, StringComparison.Ordinal);
        Assert.True(judgement.PredictedFinish > facts.DueDate);
    }

    [Fact]
    public void Milestones_set_the_expected_trajectory_when_there_are_at_least_two()
    {
        var facts = Task(start: new DateOnly(2026, 1, 1), due: new DateOnly(2026, 12, 31), percent: 50, milestones:
        [
            new MilestoneFact(1, "一", new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 30)),
            new MilestoneFact(2, "二", new DateOnly(2026, 6, 30), new DateOnly(2026, 6, 29)),
            new MilestoneFact(3, "三", new DateOnly(2026, 9, 30), null),
            new MilestoneFact(4, "四", new DateOnly(2026, 12, 31), null),
        ]);

        Assert.Equal(50, SupervisionRules.ExpectedPercent(facts, new DateOnly(2026, 7, 1)));
        Assert.Equal(75, SupervisionRules.ExpectedPercent(facts, new DateOnly(2026, 9, 30)));
    }

    [Fact]
    public void Milestone_counts_with_only_the_overdue_milestones_judge_exactly_as_the_whole_list()
    {
        MilestoneFact[] all =
        [
            new(1, "一", new DateOnly(2026, 3, 31), new DateOnly(2026, 3, 30)),
            new(2, "二", new DateOnly(2026, 6, 30), null),
            new(3, "三", new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 2)),
            new(4, "四", new DateOnly(2026, 12, 31), null),
        ];
        var today = new DateOnly(2026, 10, 15);
        var whole = Task(start: new DateOnly(2026, 1, 1), due: new DateOnly(2027, 3, 31), percent: 70, milestones: all,
            accepted: [new AcceptedPercent(new YearMonth(2026, 9), 70)]);
        var gathered = whole with { Milestones = [all[1]], Planned = new MilestonesPlanned(4, 3) };

        var expected = SupervisionRules.Judge(whole, today, Calendar, Settings);
        var actual = SupervisionRules.Judge(gathered, today, Calendar, Settings);

        Assert.Equal(75, expected.ExpectedPercent);
        Assert.Equal(expected.Light, actual.Light);
        Assert.Equal(expected.ExpectedPercent, actual.ExpectedPercent);
        Assert.Equal(expected.Findings, actual.Findings);
        Assert.Contains(actual.Findings, f => f.Rule == FlagRule.MilestoneOverdue && f.SubjectKey == "m2");
    }

    [Fact]
    public void Due_within_thirty_days_with_less_than_eighty_percent_is_yellow()
    {
        var today = new DateOnly(2026, 12, 1);

        Assert.Contains(Judge(Task(due: today.AddDays(30), percent: 79), today).Findings, f => f.Rule == FlagRule.DueSoon);
        Assert.DoesNotContain(Judge(Task(due: today.AddDays(31), percent: 79), today).Findings, f => f.Rule == FlagRule.DueSoon);
        Assert.DoesNotContain(Judge(Task(due: today.AddDays(30), percent: 80), today).Findings, f => f.Rule == FlagRule.DueSoon);
    }

    [Fact]
    public void A_report_on_track_while_a_milestone_is_overdue_is_called_inconsistent()
    {
        var facts = Task(start: new DateOnly(2026, 1, 1), due: new DateOnly(2026, 12, 31), percent: 60,
            milestones: [new MilestoneFact(1, "6月底前开工", new DateOnly(2026, 6, 30), null), new MilestoneFact(2, "年底完工", new DateOnly(2026, 12, 31), null)],
            accepted: [new AcceptedPercent(new YearMonth(2026, 6), 60)]);

        var inconsistent = Assert.Single(Judge(facts, new DateOnly(2026, 7, 3)).Findings, f => f.Rule == FlagRule.Inconsistent);
        Assert.Equal("2026-06 月报进度 60% 显示正常，但节点“6月底前开工”已逾期", inconsistent.Reason);
    }

    [Fact]
    public void Completed_suspended_and_not_yet_started_tasks_are_green()
    {
        var today = new DateOnly(2026, 12, 20);

        Assert.Equal(Light.Green, Judge(Task(due: new DateOnly(2026, 6, 30), percent: 100, status: ReformTaskStatus.Completed), today).Light);
        Assert.Equal(Light.Green, Judge(Task(due: new DateOnly(2026, 6, 30), percent: 10, status: ReformTaskStatus.Suspended), today).Light);
        Assert.Equal(Light.Green, Judge(Task(start: new DateOnly(2027, 1, 1), due: new DateOnly(2027, 6, 30), percent: 0), today).Light);
    }

    [Fact]
    public void A_healthy_task_is_green_with_the_reason_said_plainly()
    {
        var judgement = Judge(Task(start: new DateOnly(2026, 1, 1), due: new DateOnly(2026, 12, 31), percent: 55, filed: Months(2026, 1, 9)), new DateOnly(2026, 7, 2));

        Assert.Equal(Light.Green, judgement.Light);
        Assert.Equal("进展正常", judgement.Summary);
    }

    private static Judgement Judge(TaskFacts facts, DateOnly today) => SupervisionRules.Judge(facts, today, Calendar, Settings);

    private static YearMonth[] Months(int year, int from, int to) => Enumerable.Range(from, to - from + 1).Select(m => new YearMonth(year, m)).ToArray();

    private static TaskFacts Task(
        DateOnly? start = null,
        DateOnly? due = null,
        int percent = 0,
        ReformTaskStatus status = ReformTaskStatus.InProgress,
        IReadOnlyList<MilestoneFact>? milestones = null,
        IReadOnlyList<AcceptedPercent>? accepted = null,
        IReadOnlyList<YearMonth>? filed = null,
        IReadOnlyList<ProblemFact>? problems = null)
    {
        var begin = start ?? new DateOnly(2026, 1, 1);
        var states = (filed ?? Months(2020, 1, 12).Concat(Enumerable.Range(2021, 10).SelectMany(y => Months(y, 1, 12))).ToArray())
            .ToDictionary(p => p, _ => ReportState.Filed);
        return new TaskFacts(1, begin, due ?? new DateOnly(2026, 12, 31), status, status == ReformTaskStatus.Completed ? due : null, percent,
            milestones ?? [], accepted ?? [], states, problems ?? []);
    }
}
