namespace ReformTracker.Web.Security;

/// <summary>The six roles. Each user holds exactly one; controllers never test a role, only a permission.</summary>
public static class Roles
{
    /// <summary>单位填报员: files reports for one unit.</summary>
    public const string Reporter = "Reporter";

    /// <summary>专项办审核员: reviews the tasks of one office.</summary>
    public const string OfficeReviewer = "OfficeReviewer";

    /// <summary>督查员: sees everything, chases what slips.</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>领导: reads everything, changes nothing.</summary>
    public const string Leader = "Leader";

    /// <summary>系统管理员: users, offices, units, plans and tasks; never the audit trail.</summary>
    public const string SystemAdmin = "SystemAdmin";

    /// <summary>审计管理员: reads the audit trail and nothing else (three-admin separation, 等保).</summary>
    public const string AuditAdmin = "AuditAdmin";

    public static readonly IReadOnlyList<string> All = [Reporter, OfficeReviewer, Supervisor, Leader, SystemAdmin, AuditAdmin];

    /// <summary>The roles a system administrator may give; audit administrators are created on the server (three-admin separation).</summary>
    public static readonly IReadOnlyList<string> AssignableBySystemAdmin = [Reporter, OfficeReviewer, Supervisor, Leader, SystemAdmin];

    public static string Label(string role) => role switch
    {
        Reporter => "单位填报员",
        OfficeReviewer => "专项办审核员",
        Supervisor => "督查员",
        Leader => "领导",
        SystemAdmin => "系统管理员",
        AuditAdmin => "审计管理员",
        _ => role,
    };

    public static bool NeedsUnit(string role) => role == Reporter;

    public static bool NeedsOffice(string role) => role == OfficeReviewer;
}
