namespace ReformTracker.Web.Security;

/// <summary>Named permissions ("Area.Action"); each is also the name of an authorization policy.</summary>
public static class Permissions
{
    public const string TasksView = "Tasks.View";
    public const string TasksManage = "Tasks.Manage";
    public const string RegistryView = "Registry.View";
    public const string RegistryManage = "Registry.Manage";
    public const string ReportsFile = "Reports.File";
    public const string ReportsReview = "Reports.Review";
    public const string ReportsMonitor = "Reports.Monitor";
    public const string UsersManage = "Users.Manage";
    public const string AuditView = "Audit.View";
    public const string RecordsRestore = "Records.Restore";
    public const string AccountSelf = "Account.Self";
    public const string NoticesIssue = "Notices.Issue";
    public const string NoticesRespond = "Notices.Respond";
    public const string SupervisionView = "Supervision.View";
    public const string MeetingsManage = "Meetings.Manage";
    public const string BulletinsPublish = "Bulletins.Publish";
    public const string RankingPublish = "Ranking.Publish";
    public const string RankingConfigure = "Ranking.Configure";

    public static readonly IReadOnlyList<string> All =
        [TasksView, TasksManage, RegistryView, RegistryManage, ReportsFile, ReportsReview, ReportsMonitor, UsersManage, AuditView, RecordsRestore, AccountSelf, NoticesIssue, NoticesRespond, SupervisionView, MeetingsManage, BulletinsPublish, RankingPublish, RankingConfigure];
}

/// <summary>The one place that says which role may do what (docs/permissions.md is written from it).</summary>
public static class RolePermissions
{
    private static readonly Dictionary<string, HashSet<string>> Map = new(StringComparer.Ordinal)
    {
        [Roles.Reporter] = [Permissions.TasksView, Permissions.RegistryView, Permissions.ReportsFile, Permissions.AccountSelf, Permissions.NoticesRespond],
        [Roles.OfficeReviewer] = [Permissions.TasksView, Permissions.RegistryView, Permissions.ReportsReview, Permissions.ReportsMonitor, Permissions.AccountSelf, Permissions.NoticesIssue, Permissions.SupervisionView, Permissions.MeetingsManage],
        [Roles.Supervisor] =
        [
            Permissions.TasksView, Permissions.RegistryView, Permissions.ReportsMonitor, Permissions.AccountSelf, Permissions.NoticesIssue,
            Permissions.SupervisionView, Permissions.MeetingsManage, Permissions.BulletinsPublish, Permissions.RankingPublish, Permissions.RankingConfigure,
        ],
        [Roles.Leader] = [Permissions.TasksView, Permissions.RegistryView, Permissions.ReportsMonitor, Permissions.AccountSelf, Permissions.SupervisionView],
        [Roles.SystemAdmin] =
        [
            Permissions.TasksView, Permissions.TasksManage, Permissions.RegistryView, Permissions.RegistryManage,
            Permissions.UsersManage, Permissions.RecordsRestore, Permissions.AccountSelf, Permissions.RankingConfigure,
        ],
        [Roles.AuditAdmin] = [Permissions.AuditView, Permissions.AccountSelf],
    };

    public static bool Allows(string role, string permission) => Map.TryGetValue(role, out var granted) && granted.Contains(permission);

    public static IEnumerable<string> RolesWith(string permission) => Map.Where(p => p.Value.Contains(permission)).Select(p => p.Key);
}
