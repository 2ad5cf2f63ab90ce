namespace ReformTracker.Web.Domain.Tasks;

public enum ReformTaskStatus
{
    /// <summary>未启动</summary>
    NotStarted,

    /// <summary>推进中</summary>
    InProgress,

    /// <summary>已完成 (销号 verified by the office)</summary>
    Completed,

    /// <summary>已暂缓</summary>
    Suspended,
}
