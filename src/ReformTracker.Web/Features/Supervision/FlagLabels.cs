using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Features.Supervision;

/// <summary>The Chinese names of flag rules, workspace groupings and audited flag fields; views pass them through the localizer.</summary>
public static class FlagLabels
{
    public static string Label(this FlagRule rule) => rule switch
    {
        FlagRule.TaskOverdue => "任务逾期",
        FlagRule.MilestoneOverdue => "节点逾期",
        FlagRule.ReportMissing => "逾期未报",
        FlagRule.MeasureOverdue => "措施逾期",
        FlagRule.Stalled => "进度停滞",
        FlagRule.BehindTrajectory => "进度滞后",
        FlagRule.DueSoon => "临近时限",
        FlagRule.Inconsistent => "报告与节点不符",
        FlagRule.MeetingItemOverdue => "交办事项逾期",
        _ => rule.ToString(),
    };

    public static string Label(this FlagGrouping grouping) => grouping switch
    {
        FlagGrouping.Office => "按专项办",
        FlagGrouping.Unit => "按牵头单位",
        FlagGrouping.Rule => "按规则",
        FlagGrouping.Light => "按灯色",
        _ => grouping.ToString(),
    };

    public static string Label(this FlagState state) => state switch
    {
        FlagState.Open => "未关闭",
        FlagState.Closed => "已关闭",
        FlagState.All => "全部",
        _ => state.ToString(),
    };

    /// <summary>A changed field of a flag in the audit trail; a field without a name is shown as stored.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "TaskId" => "任务",
        "MeetingItemId" => "交办事项",
        "Rule" => "规则",
        "SubjectKey" => "对象",
        "Light" => "灯色",
        "Reason" => "原因",
        "OpenedAtUtc" => "发现时间",
        "ClosedAtUtc" => "关闭时间",
        _ => field,
    };
}
