using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.IntegrationTests;

public sealed class HomePageTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateBrowserlikeClient();

    [Fact]
    public async Task The_overview_shows_the_totals_each_linking_to_the_filtered_task_list()
    {
        var officeId = await ArrangeOfficeWithThreeTasksAsync();
        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime);
        var expected = await app.WithDbAsync(async db => new
        {
            Tasks = await db.Tasks.CountAsync(),
            InProgress = await db.Tasks.CountAsync(t => t.Status == ReformTaskStatus.InProgress),
            Completed = await db.Tasks.CountAsync(t => t.Status == ReformTaskStatus.Completed),
            Overdue = await db.Tasks.CountAsync(t => t.DueDate < today && t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended),
            OverdueMilestones = await db.Milestones.CountAsync(m => m.DoneDate == null && m.PlannedDate < today
                && db.Tasks.Any(t => t.Id == m.TaskId && t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended)),
        });

        var page = await _client.GetPageAsync("/");

        string Number(string testId) => page.QuerySelector($"[data-testid={testId}] .overview-number")!.TextContent.Trim();
        string? Link(string testId) => page.QuerySelector($"[data-testid={testId}]")!.GetAttribute("href");
        Assert.Equal(expected.Tasks.ToString(), Number("total-tasks"));
        Assert.Equal("/tasks", Link("total-tasks"));
        Assert.Equal(expected.InProgress.ToString(), Number("total-in-progress"));
        Assert.Equal("/tasks?status=InProgress", Link("total-in-progress"));
        Assert.Equal(expected.Completed.ToString(), Number("total-completed"));
        Assert.Equal("/tasks?status=Completed", Link("total-completed"));
        Assert.Equal(expected.Overdue.ToString(), Number("total-overdue"));
        Assert.Equal("/tasks?overdue=true", Link("total-overdue"));
        Assert.InRange(expected.OverdueMilestones, 1, int.MaxValue);
        Assert.Equal(expected.OverdueMilestones.ToString(), Number("overdue-milestones"));
        Assert.NotNull(page.QuerySelector("nav a.nav-link.active[href='/']"));

        var row = page.QuerySelector($"[data-testid=office-table] tr[data-id='{officeId}']")!;
        Assert.Equal("3", row.QuerySelector("[data-testid=office-tasks]")!.TextContent.Trim());
        Assert.Equal($"/tasks?office={officeId}", row.QuerySelector("[data-testid=office-tasks]")!.GetAttribute("href"));
        Assert.Equal("1", row.QuerySelector("[data-testid=office-completed]")!.TextContent.Trim());
        var overdue = row.QuerySelector("[data-testid=office-overdue]")!;
        Assert.Equal("1", overdue.TextContent.Trim());
        Assert.Equal($"/tasks?office={officeId}&overdue=true", overdue.GetAttribute("href"));
        Assert.Equal("53%", row.QuerySelector("[data-testid=office-average]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_office_without_tasks_is_listed_with_zeros()
    {
        var officeId = await app.WithDbAsync(async db =>
        {
            var office = new Office($"新设专项办-{Guid.NewGuid():N}", "新设办", string.Empty, null);
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            return office.Id;
        });

        var page = await _client.GetPageAsync("/");

        var row = page.QuerySelector($"[data-testid=office-table] tr[data-id='{officeId}']")!;
        Assert.Equal("0", row.QuerySelector("[data-testid=office-tasks]")!.TextContent.Trim());
        Assert.Equal("0%", row.QuerySelector("[data-testid=office-average]")!.TextContent.Trim());
    }

    /// <summary>One overdue task at 40% with a missed milestone, one completed at 100%, one on schedule at 20%.</summary>
    private Task<int> ArrangeOfficeWithThreeTasksAsync() => app.WithDbAsync(async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var office = new Office($"总览测试办-{suffix}", $"总览办{suffix[..4]}", string.Empty, null);
        var unit = new Unit($"总览测试局-{suffix}", "总览局", UnitKind.Department, null);
        var plan = new Plan($"总览测试清单-{suffix}", 2026, 2026, string.Empty);
        var area = plan.AddArea("综合");
        db.AddRange(office, unit, plan);
        await db.SaveChangesAsync();

        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime);
        ReformTask NewTask(string code, DateOnly due, int percent)
        {
            var definition = new TaskDefinition(
                $"{code}-{suffix}", $"总览测试任务{code}", string.Empty, string.Empty, string.Empty,
                area.Id, office.Id, unit.Id, null, new DateOnly(2026, 1, 1), due, TaskPriority.Normal, null);
            var task = new ReformTask(plan.Id, definition, []);
            task.ApplyAcceptedReport(new YearMonth(2026, 10), percent, null, null);
            return task;
        }

        var overdue = NewTask("A", new DateOnly(2026, 6, 30), 40);
        overdue.AddMilestone("3月底前完成方案", new DateOnly(2026, 3, 31));
        var completed = NewTask("B", new DateOnly(2026, 5, 31), 100);
        completed.CompleteByCloseOut(today);
        completed.AddMilestone("已完成任务的节点不计入逾期", new DateOnly(2026, 3, 31));
        var onSchedule = NewTask("C", new DateOnly(2026, 12, 31), 20);
        db.Tasks.AddRange(overdue, completed, onSchedule);
        await db.SaveChangesAsync();
        return office.Id;
    });
}
