using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Features.CloseOut;

public static class CloseOutLabels
{
    public static string Label(this CloseOutStatus status) => status switch
    {
        CloseOutStatus.Pending => "待核验",
        CloseOutStatus.Approved => "已销号",
        _ => "已退回",
    };

    public static string BadgeClass(this CloseOutStatus status) => status switch
    {
        CloseOutStatus.Pending => "text-bg-warning",
        CloseOutStatus.Approved => "text-bg-success",
        _ => "text-bg-danger",
    };

    public static string Message(this CloseOutRefusal refusal) => refusal switch
    {
        CloseOutRefusal.TaskCompleted => "任务已完成销号，不能再申请",
        CloseOutRefusal.AlreadyPending => "该任务已有待核验的销号申请，请等待专项办核验",
        _ => "请填写完成情况",
    };
}
