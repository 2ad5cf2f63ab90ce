using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.UnitTests.Ranking;

public sealed class RankingCountingTests
{
    private static readonly DateOnly Start = new(2026, 1, 1);
    private static readonly RankingMonth October = new(new YearMonth(2026, 10), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 5), new YearMonth(2026, 5), 15);

    private static RankingTask Task(
        int id, DateOnly due, DateOnly? original = null, bool? waived = null, DateOnly? completed = null, int percent = 0, MilestonesPlanned milestones = default) =>
        new(id, $"T{id}", $"任务{id}", 1, Start, due, original, completed is null ? ReformTaskStatus.InProgress : ReformTaskStatus.Completed, completed, percent, waived, milestones);

    [Fact]
    public void Overdue_counts_against_the_original_date_unless_the_extension_was_waived_and_good_faith_notices_are_left_out()
    {
        // Task 1: extended 10-15 → 12-31 without waiver, open → overdue against 10-15.
        // Task 2: extended 10-10 → 10-25 with waiver, done 10-24 → on time against 10-25 (late against 10-10).
        // Task 3: due 12-31 → not yet due, not counted. → 已到期 2, 按期 1 → mark 5.00 → 20 × 5.00 / 10 = 10.00
        // Notices: on time ✓, unanswered ✗, late with 容错 (left out) → 1 of 2 → 7.50
        var count = RankingCounting.Count(
            October,
            [new RankedUnit(1, "甲局", UnitKind.Department)],
            [
                Task(1, new DateOnly(2026, 12, 31), new DateOnly(2026, 10, 15), waived: false, percent: 50),
                Task(2, new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 10), waived: true, completed: new DateOnly(2026, 10, 24)),
                Task(3, new DateOnly(2026, 12, 31), percent: 90),
            ],
            [],
            new Dictionary<int, DateOnly?> { [1] = new DateOnly(2026, 11, 8), [3] = new DateOnly(2026, 11, 3) },
            [
                new RankingNotice(1, "督办〔2026〕1号", 1, new DateOnly(2026, 10, 12), new DateOnly(2026, 10, 11), false),
                new RankingNotice(2, "督办〔2026〕2号", 1, new DateOnly(2026, 10, 20), new DateOnly(2026, 10, 25), true),
                new RankingNotice(3, "督办〔2026〕3号", 1, new DateOnly(2026, 10, 28), null, false),
            ],
            []).Single();

        var facts = count.Facts;
        Assert.Equal((3, 1), (facts.ReportsDue, facts.ReportsOnTime));
        Assert.Equal((2, 1), (facts.TasksAndMilestonesDue, facts.TasksAndMilestonesOverdue));
        Assert.Equal((2, 1), (facts.NoticesDue, facts.NoticesAnsweredOnTime));
        Assert.Equal(new RankingExemptions(1, 1, 1), facts.Exemptions);
        var score = RankingScore.Score(facts, RankingWeights.Default);
        Assert.Equal(10.00m, score.Components[2].Points);
        Assert.Equal(7.50m, score.Components[3].Points);
        Assert.Contains(count.Details, d => d is { Subject: RankingSubject.Task, LinkId: 1, Outcome: RankingOutcome.Failed, Component: RankingComponent.Overdue });
        Assert.Contains(count.Details, d => d is { LinkId: 2, Outcome: RankingOutcome.Exempt, Component: RankingComponent.Overdue });
        Assert.Contains(count.Details, d => d is { Subject: RankingSubject.Notice, LinkId: 2, Outcome: RankingOutcome.Exempt });
    }

    [Fact]
    public void Counting_without_details_gives_the_same_facts_and_lists_nothing()
    {
        RankedUnit[] units = [new(1, "甲局", UnitKind.Department), new(2, "乙镇", UnitKind.Town)];
        RankingTask[] tasks =
        [
            Task(1, new DateOnly(2026, 12, 31), new DateOnly(2026, 10, 15), waived: false, percent: 50),
            Task(2, new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 10), waived: true, completed: new DateOnly(2026, 10, 24)),
            Task(3, new DateOnly(2026, 10, 20), percent: 10, milestones: new(2, 2)) with { LeadUnitId = 2 },
        ];
        RankingMilestone[] milestones =
        [
            new(3, 1, "方案", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 3)),
            new(3, 2, "试点", new DateOnly(2026, 10, 10), null),
            new(1, 3, "验收", new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 4)),
        ];
        var submitted = new Dictionary<int, DateOnly?> { [1] = new DateOnly(2026, 11, 8) };
        RankingNotice[] notices = [new(1, "督办〔2026〕1号", 2, new DateOnly(2026, 10, 12), null, false)];
        RankingItem[] items = [new(1, 1, "交办事项", 1, new DateOnly(2026, 10, 9), new DateOnly(2026, 10, 20))];

        var detailed = RankingCounting.Count(October, units, tasks, milestones, submitted, notices, items);
        var bare = RankingCounting.Count(October, units, tasks, milestones, submitted, notices, items, withDetails: false);

        Assert.Equal(detailed.Select(c => c.Facts), bare.Select(c => c.Facts));
        Assert.True(detailed.All(c => c.Details.Count > 0));
        Assert.All(bare, c => Assert.Empty(c.Details));
    }

    [Fact]
    public void Before_the_cut_off_a_report_not_yet_filed_is_not_counted_and_a_task_due_today_is_not_yet_overdue()
    {
        var running = October with { Period = new YearMonth(2026, 11), CutOff = new DateOnly(2026, 12, 5) };

        var facts = RankingCounting.Count(
            running, [new RankedUnit(1, "甲局", UnitKind.Department)], [Task(1, new DateOnly(2026, 11, 23), percent: 95)], [],
            new Dictionary<int, DateOnly?>(), [], []).Single().Facts;

        Assert.Equal(0, facts.ReportsDue);
        Assert.Equal(0, facts.TasksAndMilestonesDue);
        Assert.Equal(100m, RankingScore.Score(facts, RankingWeights.Default).Score);
    }

    [Fact]
    public void A_task_with_milestones_is_on_track_against_the_share_planned_by_the_day_counted_and_only_judgeable_milestones_count()
    {
        // Three of four milestones planned by 10-31 → 75% expected; 60% + 15 reaches it, 59% + 15 does not.
        // Milestones: done late in September (not judged in October), planned for December (not due), done on time in October ✓,
        // open since 10-20 ✗ → 2 due, 1 overdue.
        RankingMilestone[] milestones =
        [
            new(1, 1, "调研", new DateOnly(2026, 9, 5), new DateOnly(2026, 9, 20)),
            new(1, 2, "验收", new DateOnly(2026, 12, 15), null),
            new(1, 3, "方案", new DateOnly(2026, 10, 10), new DateOnly(2026, 10, 9)),
            new(1, 4, "试点", new DateOnly(2026, 10, 20), null),
        ];
        UnitMonthFacts Facts(int percent) => RankingCounting.Count(
            October, [new RankedUnit(1, "甲局", UnitKind.Department)],
            [Task(1, new DateOnly(2027, 6, 30), percent: percent, milestones: new MilestonesPlanned(4, 3))], milestones,
            new Dictionary<int, DateOnly?>(), [], []).Single().Facts;

        Assert.Equal((1, 1), (Facts(60).TasksJudged, Facts(60).TasksOnTrajectory));
        Assert.Equal((1, 0), (Facts(59).TasksJudged, Facts(59).TasksOnTrajectory));
        Assert.Equal((2, 1), (Facts(60).TasksAndMilestonesDue, Facts(60).TasksAndMilestonesOverdue));
        Assert.False(milestones[0].MayCount(October, October));
        Assert.False(milestones[1].MayCount(October, October));
        Assert.True(milestones[3].MayCount(October, October));
    }
}
