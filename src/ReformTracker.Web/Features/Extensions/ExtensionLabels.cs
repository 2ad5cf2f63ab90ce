using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.Web.Features.Extensions;

public static class ExtensionLabels
{
    public static string Label(this ExtensionStatus status) => status switch
    {
        ExtensionStatus.Pending => "待审批",
        ExtensionStatus.Approved => "已批准",
        _ => "已驳回",
    };

    public static string BadgeClass(this ExtensionStatus status) => status switch
    {
        ExtensionStatus.Pending => "text-bg-warning",
        ExtensionStatus.Approved => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string Message(this ExtensionRefusal refusal) => refusal switch
    {
        ExtensionRefusal.TaskCompleted => "任务已完成，不能申请延期",
        ExtensionRefusal.PastDueDate => "已超过完成时限，不能再申请延期",
        ExtensionRefusal.NotLater => "申请的完成时限须晚于当前完成时限",
        ExtensionRefusal.ReasonRequired => "请填写延期理由",
        _ => "该任务已有待审批的延期申请",
    };
}
