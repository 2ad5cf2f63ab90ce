using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Ranking;

namespace ReformTracker.UnitTests.Ranking;

public sealed class RankingScoreTests
{
    private static UnitMonthFacts Facts(int id, string name, UnitKind group, int reportsOnTime = 12, int onTrajectory = 8, int overdue = 0, int noticesOnTime = 2, int itemsDue = 0) =>
        new(id, name, group, ReportsDue: 12, ReportsOnTime: reportsOnTime, TasksJudged: 8, TasksOnTrajectory: onTrajectory,
            TasksAndMilestonesDue: 10, TasksAndMilestonesOverdue: overdue, NoticesDue: 2, NoticesAnsweredOnTime: noticesOnTime, ItemsDue: itemsDue, ItemsClosedOnTime: 0);

    [Fact]
    public void A_hand_computed_unit_scores_92_81()
    {
        // 11/12 on time → 9.17; 7/8 on trajectory → 8.75; 9/10 due on time → 9.00; notices 2/2 → 10; no items due → 10.
        // points: 25×9.17/10 = 22.93, 25×8.75/10 = 21.88, 20×9.00/10 = 18.00, 15.00, 15.00 → 92.81
        var score = RankingScore.Score(Facts(1, "区发改局", UnitKind.Department, reportsOnTime: 11, onTrajectory: 7, overdue: 1), RankingWeights.Default);

        Assert.Equal(92.81m, score.Score);
        Assert.Equal([9.17m, 8.75m, 9.00m, 10m, 10m], score.Components.Select(c => c.Mark).ToArray());
        Assert.Equal("应报 12 份，按时报送 11 份；得分 9.17 × 权重 25% = 22.93", score.Components[0].Explanation);
        Assert.Equal("本月无到期事项，按满分计；得分 10.00 × 权重 15% = 15.00", score.Components[4].Explanation);
    }

    [Fact]
    public void Units_rank_within_their_peer_group_and_equal_scores_share_a_rank()
    {
        var ranked = RankingScore.Rank(
            [
                Facts(1, "甲局", UnitKind.Department, reportsOnTime: 11),
                Facts(2, "乙局", UnitKind.Department),
                Facts(3, "丙局", UnitKind.Department, reportsOnTime: 11),
                Facts(4, "丁局", UnitKind.Department, overdue: 5),
                Facts(5, "荷城街道", UnitKind.Town, overdue: 5),
            ],
            RankingWeights.Default,
            new Dictionary<int, int> { [1] = 1, [2] = 3, [4] = 2 });

        var departments = ranked.Where(r => r.PeerGroup == UnitKind.Department).ToDictionary(r => r.UnitId);
        Assert.Equal(1, departments[2].Rank);
        Assert.Equal(2, departments[1].Rank);
        Assert.Equal(2, departments[3].Rank);
        Assert.Equal(4, departments[4].Rank);
        Assert.Equal(2, departments[2].Change);
        Assert.Equal(-1, departments[1].Change);
        Assert.Null(departments[3].Change);
        Assert.Equal(-2, departments[4].Change);
        Assert.Equal(1, ranked.Single(r => r.UnitId == 5).Rank);
    }

    [Fact]
    public void Nothing_due_is_full_marks_and_more_good_than_counted_is_clamped()
    {
        var facts = new UnitMonthFacts(1, "甲局", UnitKind.Department, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5);
        var score = RankingScore.Score(facts, RankingWeights.Default);
        Assert.Equal(100m, score.Score);
        Assert.Equal(3, score.Components[4].Good);
    }

    [Fact]
    public void Weights_must_add_up_to_one_hundred()
    {
        Assert.True(RankingWeights.Default.IsValid);
        Assert.False((RankingWeights.Default with { Overdue = 21 }).IsValid);
        Assert.False(new RankingWeights(110, -10, 0, 0, 0).IsValid);
    }
}
