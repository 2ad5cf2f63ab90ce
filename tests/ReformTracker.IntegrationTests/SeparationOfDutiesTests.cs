using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

public sealed class SeparationOfDutiesTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_system_administrator_cannot_make_or_take_over_an_audit_administrator()
    {
        using var admin = app.CreateBrowserlikeClient();
        var auditor = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "auditor"));
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        using var create = await admin.SubmitFormAsync("/users/create", new Dictionary<string, string?>
        {
            ["UserName"] = "sneaky-auditor",
            ["DisplayName"] = "冒名审计员",
            ["Role"] = Roles.AuditAdmin,
        });
        using var edit = await admin.GetAsync(new Uri($"/users/{auditor.Id}/edit", UriKind.Relative));
        var token = (await admin.GetPageAsync("/users")).AntiforgeryToken()!;
        using var reset = await admin.PostAsync($"/users/{auditor.Id}/reset-password", [new("__RequestVerificationToken", token)]);
        using var disable = await admin.PostAsync($"/users/{auditor.Id}/disable", [new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Contains("请选择角色", (await create.ReadPageAsync()).QuerySelector("[data-valmsg-for=Role]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        var stored = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == auditor.Id));
        Assert.Equal(auditor.PasswordHash, stored.PasswordHash);
        Assert.False(stored.IsDisabled);
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.Action == AuditAction.AccessDenied && r.UserName == "admin")));
    }

    [Fact]
    public async Task Every_business_record_in_the_database_has_the_audit_record_of_its_creation()
    {
        using var admin = app.CreateBrowserlikeClient();
        using var edited = await admin.SubmitFormAsync($"/tasks/{await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync())}/edit",
            new Dictionary<string, string?> { ["Title"] = "审计覆盖检查" });

        var missing = await app.WithDbAsync(async db =>
        {
            var created = (await db.AuditRecords.Where(r => r.Action == AuditAction.Created).Select(r => new { r.EntityType, r.EntityId }).ToListAsync())
                .Select(r => (r.EntityType, r.EntityId)).ToHashSet();
            var rows = new List<(string Type, string Id)>();
            rows.AddRange((await db.Offices.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("Office", id.ToString())));
            rows.AddRange((await db.Units.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("Unit", id.ToString())));
            rows.AddRange((await db.Plans.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("Plan", id.ToString())));
            rows.AddRange((await db.Areas.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("Area", id.ToString())));
            rows.AddRange((await db.Tasks.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("ReformTask", id.ToString())));
            rows.AddRange((await db.Milestones.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("Milestone", id.ToString())));
            rows.AddRange((await db.Reports.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("MonthlyReport", id.ToString())));
            rows.AddRange((await db.ReportProblems.IgnoreQueryFilters().Select(e => e.Id).ToListAsync()).Select(id => ("ReportProblem", id.ToString())));
            rows.AddRange((await db.Users.Select(e => e.Id).ToListAsync()).Select(id => ("AppUser", id.ToString())));
            return rows.Where(r => !created.Contains((r.Type, r.Id))).Take(10).ToList();
        });

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Empty(missing);
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.Action == AuditAction.Updated && r.EntityType == "ReformTask" && r.Changes.Contains("审计覆盖检查"))));
    }
}
