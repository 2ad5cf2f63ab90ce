using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// The task page keeps what every reader sees of a task between visits: each test reads the page first, so a stale copy
/// would be what the second visit shows; a save through the app must show at once, and nobody's rights are shared.
/// </summary>
public sealed class TaskPageKeptTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>The open period on the test clock's 2026-11-23; the demo data has no reports for it.</summary>
    private static readonly YearMonth OpenMonth = new(2026, 11);

    [Fact]
    public async Task An_edit_of_the_task_shows_at_once_with_its_change_history()
    {
        var id = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        using var leader = app.CreateClientFor("leader");
        using var admin = app.CreateClientFor("admin");
        var oldTitle = Text(await leader.GetPageAsync($"/tasks/{id}"), "[data-testid=task-title]");
        var newTitle = "页面缓存测试任务" + Guid.NewGuid().ToString("N")[..6];

        using (var edit = await admin.SubmitFormAsync($"/tasks/{id}/edit", new Dictionary<string, string?> { ["Title"] = newTitle }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        var page = await leader.GetPageAsync($"/tasks/{id}");
        Assert.Contains(newTitle, Text(page, "[data-testid=task-title]"), StringComparison.Ordinal);
        Assert.DoesNotContain(newTitle, oldTitle, StringComparison.Ordinal);
        Assert.Contains("修改了 任务名称：", Text(page, "[data-testid=task-history]"), StringComparison.Ordinal);
        Assert.Contains($"→ {newTitle}", Text(page, "[data-testid=task-history]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_filed_and_then_returned_shows_at_once()
    {
        var (taskId, reportId) = await SubmittedReportAsync();
        using var leader = app.CreateClientFor("leader");
        using var reviewer = app.CreateClientFor("reviewer");
        var before = await leader.GetPageAsync($"/tasks/{taskId}");
        Assert.NotNull(ReportRow(before, OpenMonth));

        // Returning changes the report alone, not its task: only the lead unit's reports signal tells the page.
        const string comment = "页面缓存测试：请补充佐证材料";
        using (var returned = await reviewer.SubmitFormAsync($"/review/{reportId}", new Dictionary<string, string?> { ["Comment"] = comment }, "form[data-testid=return-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        }

        var row = ReportRow(await leader.GetPageAsync($"/tasks/{taskId}"), OpenMonth);
        Assert.NotNull(row);
        Assert.Contains("被退回", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(comment, row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_of_an_earlier_lead_unit_that_is_returned_shows_at_once()
    {
        var (taskId, reportId) = await SubmittedReportAsync();
        using var admin = app.CreateClientFor("admin");
        using var leader = app.CreateClientFor("leader");
        using var reviewer = app.CreateClientFor("reviewer");
        var newLead = await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Cooperations).SingleAsync(t => t.Id == taskId);
            var cooperating = task.Cooperations.Select(c => c.UnitId).ToList();
            return await db.Units.Where(u => u.Id != task.LeadUnitId && !cooperating.Contains(u.Id)).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        });
        using (var edit = await admin.SubmitFormAsync($"/tasks/{taskId}/edit", new Dictionary<string, string?> { ["LeadUnitId"] = Key(newLead) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        Assert.NotNull(ReportRow(await leader.GetPageAsync($"/tasks/{taskId}"), OpenMonth));

        // The report still belongs to the unit that filed it, whose signal is not the new lead unit's.
        const string comment = "页面缓存测试：原牵头单位的月报";
        using (var returned = await reviewer.SubmitFormAsync($"/review/{reportId}", new Dictionary<string, string?> { ["Comment"] = comment }, "form[data-testid=return-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        }

        Assert.Contains(comment, ReportRow(await leader.GetPageAsync($"/tasks/{taskId}"), OpenMonth)!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flag_opened_by_the_supervision_shows_at_once_in_the_light_panel()
    {
        var taskId = await app.WithDbAsync(db => db.Tasks.Where(t => !db.Flags.Any(f => f.TaskId == t.Id && f.ClosedAtUtc == null))
            .OrderByDescending(t => t.Id).Select(t => t.Id).FirstAsync());
        using var leader = app.CreateClientFor("leader");
        Assert.Null((await leader.GetPageAsync($"/tasks/{taskId}")).QuerySelector("[data-testid=light-reasons]"));
        const string reason = "页面缓存测试：节点逾期";

        await app.WithDbAsync(db =>
        {
            db.Flags.Add(new Flag(taskId, new Finding(FlagRule.MilestoneOverdue, "page-cache-test", Light.Yellow, reason), app.Clock.GetUtcNow().UtcDateTime));
            return db.SaveChangesAsync();
        });

        Assert.Contains(reason, Text(await leader.GetPageAsync($"/tasks/{taskId}"), "[data-testid=light-reasons]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_page_still_answers_each_reader_by_their_own_scope_and_rights()
    {
        var taskId = await app.WithDbAsync(async db =>
        {
            var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            var townUnit = await db.Users.Where(u => u.UserName == "town").Select(u => u.UnitId).SingleAsync();
            return await db.Tasks.Where(t => t.LeadUnitId == reporterUnit && !t.Cooperations.Any(c => c.UnitId == townUnit))
                .OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        });
        using var leader = app.CreateClientFor("leader");
        using var reporter = app.CreateClientFor("reporter");
        using var town = app.CreateClientFor("town");

        var first = await leader.GetPageAsync($"/tasks/{taskId}");
        var own = await reporter.GetPageAsync($"/tasks/{taskId}");
        var again = await leader.GetPageAsync($"/tasks/{taskId}");
        await town.GetPageAsync($"/tasks/{taskId}", HttpStatusCode.NotFound);

        Assert.Null(first.QuerySelector("[data-testid=file-report]"));
        Assert.NotNull(own.QuerySelector("[data-testid=file-report]"));
        Assert.Null(again.QuerySelector("[data-testid=file-report]"));
        Assert.Equal(Text(first, "[data-testid=task-title]"), Text(own, "[data-testid=task-title]"));
    }

    /// <summary>A submitted report for the open month on a task of the reviewer's office that had none: each test its own.</summary>
    private Task<(int TaskId, int ReportId)> SubmittedReportAsync() =>
        app.WithDbAsync(async db =>
        {
            var office = (await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync())!.Value;
            var task = await db.Tasks.Where(t => t.OfficeId == office && t.PercentComplete < 90 && !db.Reports.Any(r => r.TaskId == t.Id && r.Period == OpenMonth))
                .OrderByDescending(t => t.Id).FirstAsync();
            var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, OpenMonth);
            report.Fill($"{task.Code} 本月推进情况（页面缓存测试）", task.PercentComplete + 6, null, task.IsKeyProject ? 10m : null, task.ConstructionState);
            report.Submit(app.Clock.GetUtcNow().UtcDateTime, "reporter");
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            return (task.Id, report.Id);
        });

    private static IHtmlTableRowElement? ReportRow(IHtmlDocument page, YearMonth period) =>
        page.QuerySelectorAll<IHtmlTableRowElement>("[data-testid=reports] tbody tr")
            .FirstOrDefault(tr => tr.Cells[0].TextContent.Trim() == period.ToString());

    private static string Text(IHtmlDocument page, string selector) => page.QuerySelector(selector)?.TextContent ?? string.Empty;

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
