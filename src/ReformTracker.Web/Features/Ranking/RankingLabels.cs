using System.Globalization;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Ranking;

namespace ReformTracker.Web.Features.Ranking;

public static class RankingLabels
{
    public static string Label(this RankingComponent component) => component switch
    {
        RankingComponent.OnTimeReporting => "按时报送",
        RankingComponent.Trajectory => "进度达标",
        RankingComponent.Overdue => "按期完成",
        RankingComponent.NoticeResponse => "督办反馈",
        RankingComponent.MeetingItems => "交办办结",
        _ => "其他",
    };

    /// <summary>What the component measures, in a line for the drill-down and the scoring note.</summary>
    public static string Description(this RankingComponent component) => component switch
    {
        RankingComponent.OnTimeReporting => "本月应报月报中，在报送截止日前首次报送的比例",
        RankingComponent.Trajectory => "在办任务中，月末进度不落后于计划进度的比例",
        RankingComponent.Overdue => "已到期的任务和节点中，按期完成的比例（延期未免于考核的按原定时限计）",
        RankingComponent.NoticeResponse => "本月到期的督办通知中，按期反馈的比例（认定容错的不计入）",
        RankingComponent.MeetingItems => "本月到期的晒比会交办事项中，按期办结的比例",
        _ => "其他",
    };

    public static string BoardTitle(this UnitKind kind) => kind switch
    {
        UnitKind.Department => "部门榜（区直单位）",
        UnitKind.Town => "镇街榜",
        UnitKind.Village => "村（社区）榜",
        UnitKind.Enterprise => "企业榜",
        _ => "其他",
    };

    public static string Label(this RankingOutcome outcome) => outcome switch
    {
        RankingOutcome.Good => "得分",
        RankingOutcome.Failed => "扣分",
        RankingOutcome.Exempt => "免责",
        _ => "其他",
    };

    public static string BadgeClass(this RankingOutcome outcome) => outcome switch
    {
        RankingOutcome.Failed => "text-bg-danger",
        RankingOutcome.Exempt => "text-bg-info",
        _ => "text-bg-success",
    };

    /// <summary>Places gained or lost since last month: ↑2, ↓1, — (no change); null means the unit is new on the board (新).</summary>
    public static string ChangeText(int? change) => change switch
    {
        null => "新",
        0 => "—",
        > 0 => string.Create(CultureInfo.InvariantCulture, $"↑{change}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"↓{-change}"),
    };

    public static string ChangeClass(int? change) => change switch
    {
        null => "text-primary",
        0 => "text-muted",
        > 0 => "text-success",
        _ => "text-danger",
    };

    public static string Points(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Where a counted thing opens: its task, its notice, or the meeting of an item.</summary>
    public static string Url(this RankingDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return detail.Subject switch
        {
            RankingSubject.Notice => string.Create(CultureInfo.InvariantCulture, $"/notices/{detail.LinkId}"),
            RankingSubject.MeetingItem => string.Create(CultureInfo.InvariantCulture, $"/meetings/{detail.LinkId}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"/tasks/{detail.LinkId}"),
        };
    }
}
