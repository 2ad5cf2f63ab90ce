using ReformTracker.Web.Security;

namespace ReformTracker.UnitTests;

public sealed class PermissionsDocumentTests
{
    [Fact]
    public void The_permissions_table_in_the_docs_matches_the_role_permission_map()
    {
        var lines = File.ReadAllLines(Path.Combine(TranslationTests.RepositoryRoot(), "docs", "permissions.md"));
        var header = lines.Single(l => l.StartsWith("| permission |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        var roles = header.Skip(2).Take(Roles.All.Count).Select(c => c[(c.IndexOf('`', StringComparison.Ordinal) + 1)..^1]).ToList();
        Assert.Equal(Roles.All.Order(), roles.Order());

        var documented = lines.Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        Assert.Equal(Permissions.All.Count, documented.Count);
        foreach (var row in documented)
        {
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            var permission = cells[1].Trim('`');
            Assert.Contains(permission, Permissions.All);
            for (var i = 0; i < roles.Count; i++)
            {
                Assert.True(
                    RolePermissions.Allows(roles[i], permission) == (cells[2 + i] == "✓"),
                    $"docs/permissions.md says {roles[i]} {(cells[2 + i] == "✓" ? "has" : "lacks")} {permission}; the code disagrees");
            }
        }
    }

    [Fact]
    public void System_and_audit_administration_are_separate_people()
    {
        Assert.False(RolePermissions.Allows(Roles.SystemAdmin, Permissions.AuditView));
        Assert.Equal([Roles.AuditAdmin], RolePermissions.RolesWith(Permissions.AuditView));
        Assert.False(RolePermissions.Allows(Roles.AuditAdmin, Permissions.UsersManage));
    }

    [Fact]
    public void Leaders_change_nothing()
    {
        var writes = new[] { Permissions.TasksManage, Permissions.RegistryManage, Permissions.ReportsFile, Permissions.ReportsReview, Permissions.UsersManage, Permissions.RecordsRestore };
        Assert.All(writes, p => Assert.False(RolePermissions.Allows(Roles.Leader, p)));
    }
}
