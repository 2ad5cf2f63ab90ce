namespace ReformTracker.Web.Domain.Tasks;

/// <summary>Construction state of a key project (重点项目).</summary>
public enum ConstructionState
{
    /// <summary>前期工作</summary>
    Preliminary,

    /// <summary>在建</summary>
    UnderConstruction,

    /// <summary>已动工</summary>
    Started,

    /// <summary>已完工</summary>
    Finished,
}
