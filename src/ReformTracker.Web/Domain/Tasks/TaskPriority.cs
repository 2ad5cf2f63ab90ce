namespace ReformTracker.Web.Domain.Tasks;

public enum TaskPriority
{
    /// <summary>一般</summary>
    Normal,

    /// <summary>重要</summary>
    High,

    /// <summary>重中之重</summary>
    Critical,
}
