using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.IntegrationTests;

public sealed class RecycleBinTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _admin = app.CreateBrowserlikeClient();

    [Fact]
    public async Task A_deleted_task_disappears_stays_in_the_recycle_bin_and_can_be_restored()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(10).FirstAsync());
        var before = await app.WithDbAsync(db => db.Reports.IgnoreQueryFilters().CountAsync(r => r.TaskId == task.Id));

        using var deleted = await _admin.SubmitFormAsync($"/tasks/{task.Id}/edit", new Dictionary<string, string?>(), $"main form[action='/tasks/{task.Id}/delete']");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await _admin.GetPageAsync($"/tasks/{task.Id}", HttpStatusCode.NotFound);
        var list = await _admin.GetPageAsync($"/tasks?q={task.Code}");
        Assert.Empty(list.QuerySelectorAll("[data-testid=task-table] tbody tr"));
        var bin = await _admin.GetPageAsync("/recycle-bin");
        Assert.Contains(task.Title, bin.QuerySelector("[data-testid=deleted-records]")!.TextContent, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.EntityType == "ReformTask" && r.EntityId == task.Id.ToString() && r.Action == AuditAction.Deleted)));
        Assert.Equal(before, await app.WithDbAsync(db => db.Reports.IgnoreQueryFilters().CountAsync(r => r.TaskId == task.Id)));

        using var restored = await _admin.SubmitFormAsync("/recycle-bin", new Dictionary<string, string?>(), $"main form[action='/recycle-bin/Task/{task.Id}/restore']");

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        await _admin.GetPageAsync($"/tasks/{task.Id}");
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.EntityType == "ReformTask" && r.EntityId == task.Id.ToString() && r.Action == AuditAction.Restored)));
    }

    [Fact]
    public async Task An_office_that_still_has_tasks_cannot_be_deleted()
    {
        var office = await app.WithDbAsync(db => db.Offices.OrderBy(o => o.Id).FirstAsync());

        using var response = await _admin.SubmitFormAsync($"/offices/{office.Id}/edit", new Dictionary<string, string?>(), $"main form[action='/offices/{office.Id}/delete']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await _admin.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("仍负责", page.QuerySelector("[data-testid=flash-error]")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Offices.IgnoreQueryFilters().Where(o => o.Id == office.Id).Select(o => o.IsDeleted).SingleAsync()));
    }

    [Fact]
    public async Task A_name_held_by_a_deleted_unit_is_refused_with_a_message_not_an_error_page()
    {
        var name = $"测试单位{Guid.NewGuid():N}"[..20];
        var unitId = await app.WithDbAsync(async db =>
        {
            var unit = new Unit(name, "测试", UnitKind.Department, null);
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            return unit.Id;
        });
        using var deleted = await _admin.SubmitFormAsync($"/units/{unitId}/edit", new Dictionary<string, string?>(), $"main form[action='/units/{unitId}/delete']");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        using var again = await _admin.SubmitFormAsync("/units/create", new Dictionary<string, string?> { ["Name"] = name, ["ShortName"] = "测试", ["Kind"] = "Department" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(name, (await again.ReadPageAsync()).QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_system_administrator_may_delete_or_restore()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(12).FirstAsync());
        using var leader = app.CreateClientFor("leader");
        var token = (await leader.GetPageAsync("/tasks")).AntiforgeryToken()!;

        using var delete = await leader.PostAsync($"/tasks/{task.Id}/delete", [new("__RequestVerificationToken", token)]);
        using var bin = await leader.GetAsync(new Uri("/recycle-bin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bin.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Tasks.IgnoreQueryFilters().Where(t => t.Id == task.Id).Select(t => t.IsDeleted).SingleAsync()));
    }

    [Theory]
    [InlineData("/recycle-bin/Galaxy/1/restore")]
    [InlineData("/recycle-bin/Task/999999/restore")]
    [InlineData("/tasks/999999/delete")]
    public async Task Unknown_kinds_and_ids_answer_404(string url)
    {
        var token = (await _admin.GetPageAsync("/tasks")).AntiforgeryToken()!;

        using var response = await _admin.PostAsync(url, [new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
