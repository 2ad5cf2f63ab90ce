using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Features.Shared;

/// <summary>The Chinese name of each domain value; views pass it through the localizer for other languages.</summary>
public static class Labels
{
    public static string Label(this ReformTaskStatus status) => status switch
    {
        ReformTaskStatus.NotStarted => "未启动",
        ReformTaskStatus.InProgress => "推进中",
        ReformTaskStatus.Completed => "已完成",
        ReformTaskStatus.Suspended => "已暂缓",
        _ => status.ToString(),
    };

    public static string Label(this TaskPriority priority) => priority switch
    {
        TaskPriority.Normal => "一般",
        TaskPriority.High => "重要",
        TaskPriority.Critical => "重中之重",
        _ => priority.ToString(),
    };

    public static string Label(this ConstructionState state) => state switch
    {
        ConstructionState.Preliminary => "前期工作",
        ConstructionState.UnderConstruction => "在建",
        ConstructionState.Started => "已动工",
        ConstructionState.Finished => "已完工",
        _ => state.ToString(),
    };

    public static string Label(this UnitKind kind) => kind switch
    {
        UnitKind.Department => "区直单位",
        UnitKind.Town => "镇街",
        UnitKind.Village => "村（社区）",
        UnitKind.Enterprise => "企业",
        _ => kind.ToString(),
    };

    public static string Label(this ReportStatus status) => status switch
    {
        ReportStatus.Draft => "草稿",
        ReportStatus.Submitted => "已提交",
        ReportStatus.Returned => "被退回",
        ReportStatus.Accepted => "已通过",
        _ => status.ToString(),
    };

    public static string Label(this MilestoneState state) => state switch
    {
        MilestoneState.Pending => "未到期",
        MilestoneState.DoneOnTime => "按时完成",
        MilestoneState.DoneLate => "逾期完成",
        MilestoneState.Overdue => "已逾期",
        _ => state.ToString(),
    };

    public static string Label(this Light light) => light switch
    {
        Light.Red => "红灯",
        Light.Yellow => "黄灯",
        Light.Green => "绿灯",
        _ => light.ToString(),
    };

    public static string CssClass(this Light light) => light switch
    {
        Light.Red => "light-red",
        Light.Yellow => "light-yellow",
        _ => "light-green",
    };

    public static string BadgeClass(this ReformTaskStatus status) => status switch
    {
        ReformTaskStatus.Completed => "text-bg-success",
        ReformTaskStatus.InProgress => "text-bg-primary",
        ReformTaskStatus.Suspended => "text-bg-secondary",
        _ => "text-bg-light border",
    };

    public static string BadgeClass(this ReportStatus status) => status switch
    {
        ReportStatus.Accepted => "text-bg-success",
        ReportStatus.Submitted => "text-bg-primary",
        ReportStatus.Returned => "text-bg-warning",
        _ => "text-bg-light border",
    };

    public static string BadgeClass(this MilestoneState state) => state switch
    {
        MilestoneState.DoneOnTime => "text-bg-success",
        MilestoneState.DoneLate => "text-bg-warning",
        MilestoneState.Overdue => "text-bg-danger",
        _ => "text-bg-light border",
    };
}
