namespace ReformTracker.Web.Domain.Organisation;

public enum UnitKind
{
    /// <summary>区直单位</summary>
    Department,

    /// <summary>镇街</summary>
    Town,

    /// <summary>村（社区）</summary>
    Village,

    /// <summary>企业</summary>
    Enterprise,
}
