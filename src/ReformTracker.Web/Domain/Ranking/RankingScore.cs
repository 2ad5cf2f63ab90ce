using System.Globalization;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.Web.Domain.Ranking;

/// <summary>The five things a unit is scored on each month (晒比), in the order the leaderboard shows them.</summary>
public enum RankingComponent
{
    OnTimeReporting = 1,
    Trajectory = 2,
    Overdue = 3,
    NoticeResponse = 4,
    MeetingItems = 5,
}

/// <summary>How much each component counts toward the composite score; they add up to 100. Set per plan.</summary>
public sealed record RankingWeights(int OnTimeReporting, int Trajectory, int Overdue, int NoticeResponse, int MeetingItems)
{
    public static readonly RankingWeights Default = new(25, 25, 20, 15, 15);

    public int Total => OnTimeReporting + Trajectory + Overdue + NoticeResponse + MeetingItems;

    public bool IsValid => Total == 100 && All.All(w => w.Weight >= 0);

    public IEnumerable<(RankingComponent Component, int Weight)> All =>
    [
        (RankingComponent.OnTimeReporting, OnTimeReporting),
        (RankingComponent.Trajectory, Trajectory),
        (RankingComponent.Overdue, Overdue),
        (RankingComponent.NoticeResponse, NoticeResponse),
        (RankingComponent.MeetingItems, MeetingItems),
    ];
}

/// <summary>
/// What one unit did in one month, counted from the data. Good-faith (容错) cases are already left out of the
/// failures; overdue is judged against the scoring due date (the original one unless an extension waived it).
/// </summary>
public sealed record UnitMonthFacts(
    int UnitId,
    string UnitName,
    UnitKind PeerGroup,
    int ReportsDue,
    int ReportsOnTime,
    int TasksJudged,
    int TasksOnTrajectory,
    int TasksAndMilestonesDue,
    int TasksAndMilestonesOverdue,
    int NoticesDue,
    int NoticesAnsweredOnTime,
    int ItemsDue,
    int ItemsClosedOnTime,
    RankingExemptions? Exemptions = null);

/// <summary>
/// The exemptions applied while counting, so the explanation can name them: notices whose lateness was forgiven in good
/// faith (容错, on closing or on escalation), and approved extensions judged against the new date (waived) or the original one.
/// </summary>
public sealed record RankingExemptions(int GoodFaithNotices, int WaivedExtensions, int UnwaivedExtensions)
{
    public static readonly RankingExemptions None = new(0, 0, 0);
}

/// <summary>One component's part of a unit's score: the ratio, its 0–10 mark, and how it was reached in words.</summary>
public sealed record ComponentScore(RankingComponent Component, int Weight, int Good, int Counted, decimal Mark, decimal Points, string Explanation);

public sealed record UnitScore(int UnitId, string UnitName, UnitKind PeerGroup, decimal Score, IReadOnlyList<ComponentScore> Components)
{
    public int Rank { get; init; }

    /// <summary>Places gained since last month (positive is better); null when the unit was not ranked last month.</summary>
    public int? Change { get; init; }
}

/// <summary>
/// The monthly composite score: each component is marked 0–10 from its ratio (nothing due counts as full marks) and
/// earns weight × mark / 10 points; the composite (0–100) is the sum of the points, every figure to two decimals, so
/// the drill-down adds up exactly. Units are ranked within their peer group;
/// equal scores share a rank (1, 1, 3).
/// </summary>
public static class RankingScore
{
    public static UnitScore Score(UnitMonthFacts facts, RankingWeights weights)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(weights);
        var exemptions = facts.Exemptions ?? RankingExemptions.None;
        var components = new List<ComponentScore>
        {
            Component(RankingComponent.OnTimeReporting, weights.OnTimeReporting, facts.ReportsOnTime, facts.ReportsDue, "应报 {1} 份，按时报送 {0} 份"),
            Component(RankingComponent.Trajectory, weights.Trajectory, facts.TasksOnTrajectory, facts.TasksJudged, "在办任务 {1} 项，进度符合计划 {0} 项"),
            Component(
                RankingComponent.Overdue, weights.Overdue, facts.TasksAndMilestonesDue - facts.TasksAndMilestonesOverdue, facts.TasksAndMilestonesDue,
                "已到期任务和节点 {1} 个，按期完成 {0} 个", ExtensionNote(exemptions)),
            Component(
                RankingComponent.NoticeResponse, weights.NoticeResponse, facts.NoticesAnsweredOnTime, facts.NoticesDue, "到期督办通知 {1} 件，按时反馈 {0} 件",
                exemptions.GoodFaithNotices > 0 ? string.Create(CultureInfo.InvariantCulture, $"（容错免责 {exemptions.GoodFaithNotices} 件，不计入）") : null),
            Component(RankingComponent.MeetingItems, weights.MeetingItems, facts.ItemsClosedOnTime, facts.ItemsDue, "到期交办事项 {1} 项，按时办结 {0} 项"),
        };
        var score = components.Sum(c => c.Points);
        return new UnitScore(facts.UnitId, facts.UnitName, facts.PeerGroup, score, components);
    }

    /// <summary>Scores every unit and ranks them within their peer groups, with the change since the previous month's ranks.</summary>
    public static IReadOnlyList<UnitScore> Rank(
        IEnumerable<UnitMonthFacts> facts, RankingWeights weights, IReadOnlyDictionary<int, int>? previousRanks = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var ranked = new List<UnitScore>();
        foreach (var group in facts.Select(f => Score(f, weights)).GroupBy(s => s.PeerGroup).OrderBy(g => g.Key))
        {
            var ordered = group.OrderByDescending(s => s.Score).ThenBy(s => s.UnitName, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var rank = i > 0 && ordered[i].Score == ordered[i - 1].Score ? ranked[^1].Rank : i + 1;
                int? change = previousRanks is not null && previousRanks.TryGetValue(ordered[i].UnitId, out var before) ? before - rank : null;
                ranked.Add(ordered[i] with { Rank = rank, Change = change });
            }
        }

        return ranked;
    }

    private static string? ExtensionNote(RankingExemptions exemptions)
    {
        var parts = new List<string>();
        if (exemptions.UnwaivedExtensions > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"经批准延期 {exemptions.UnwaivedExtensions} 项仍按原定时限计"));
        }

        if (exemptions.WaivedExtensions > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"延期并免于考核 {exemptions.WaivedExtensions} 项按新时限计"));
        }

        return parts.Count == 0 ? null : "（" + string.Join("，", parts) + "）";
    }

    private static ComponentScore Component(RankingComponent component, int weight, int good, int counted, string format, string? note = null)
    {
        var clampedGood = Math.Clamp(good, 0, Math.Max(counted, 0));
        var mark = counted <= 0 ? 10m : Math.Round(10m * clampedGood / counted, 2, MidpointRounding.AwayFromZero);
        var contribution = Math.Round(weight * mark / 10m, 2, MidpointRounding.AwayFromZero);
        var explanation = counted <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"本月无到期事项，按满分计{note}；得分 {mark:0.00} × 权重 {weight}% = {contribution:0.00}")
            : string.Format(CultureInfo.InvariantCulture, format, clampedGood, counted) + note
              + string.Create(CultureInfo.InvariantCulture, $"；得分 {mark:0.00} × 权重 {weight}% = {contribution:0.00}");
        return new ComponentScore(component, weight, clampedGood, counted, mark, contribution, explanation);
    }
}
