using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.IntegrationTests;

public sealed class TaskRegistryTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateBrowserlikeClient();

    [Fact]
    public async Task The_list_shows_the_whole_demo_plan_in_Chinese_characters()
    {
        using var response = await _client.GetAsync(new Uri("/tasks?size=100", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("任务清单", body, StringComparison.Ordinal);
        Assert.Contains("共 45 项", body, StringComparison.Ordinal);
        var encodedNonAscii = System.Text.RegularExpressions.Regex.Matches(body, "&#x([0-9A-Fa-f]+);")
            .Select(m => Convert.ToInt32(m.Groups[1].Value, 16)).Where(codePoint => codePoint > 0x7F).ToList();
        Assert.Empty(encodedNonAscii);
        var page = await response.ReadPageAsync();
        Assert.Equal(45, page.QuerySelectorAll("[data-testid=task-table] tbody tr").Length);
    }

    [Fact]
    public async Task Filtering_by_office_and_lead_unit_lists_only_matching_tasks()
    {
        var (officeId, expectedForOffice) = await app.WithDbAsync(async db =>
        {
            var office = await db.Offices.OrderBy(o => o.Id).FirstAsync();
            return (office.Id, await db.Tasks.CountAsync(t => t.OfficeId == office.Id));
        });
        var (unitId, unitName, expectedForUnit) = await app.WithDbAsync(async db =>
        {
            var town = await db.Units.Where(u => u.Kind == UnitKind.Town).OrderBy(u => u.Id).FirstAsync();
            return (town.Id, town.Name, await db.Tasks.CountAsync(t => t.LeadUnitId == town.Id));
        });

        var byOffice = await _client.GetPageAsync($"/tasks?office={officeId}&size=100");
        var byUnit = await _client.GetPageAsync($"/tasks?unit={unitId}&size=100");

        Assert.InRange(expectedForOffice, 1, 44);
        Assert.Equal(expectedForOffice, byOffice.QuerySelectorAll("[data-testid=task-table] tbody tr").Length);
        Assert.InRange(expectedForUnit, 1, 44);
        var unitRows = byUnit.QuerySelectorAll("[data-testid=task-table] tbody tr");
        Assert.Equal(expectedForUnit, unitRows.Length);
        Assert.All(unitRows, row => Assert.Equal(unitName, row.Children[4].TextContent.Trim()));
    }

    [Fact]
    public async Task The_overdue_filter_lists_exactly_the_open_tasks_past_their_due_date()
    {
        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime);
        var expected = await app.WithDbAsync(db => db.Tasks
            .Where(t => t.DueDate < today && t.Status != ReformTaskStatus.Completed && t.Status != ReformTaskStatus.Suspended)
            .Select(t => t.Code).OrderBy(c => c).ToListAsync());

        var page = await _client.GetPageAsync("/tasks?overdue=true&size=100");

        Assert.NotEmpty(expected);
        var codes = page.QuerySelectorAll("[data-testid=task-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(expected, codes);
        Assert.All(page.QuerySelectorAll("[data-testid=task-table] tbody tr"), row => Assert.Contains("逾期", row.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Searching_by_code_or_title_finds_the_task()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(7).FirstAsync());

        var byCode = await _client.GetPageAsync($"/tasks?q={Uri.EscapeDataString(task.Code)}");
        var byTitle = await _client.GetPageAsync($"/tasks?q={Uri.EscapeDataString(task.Title[..4])}");

        Assert.Single(byCode.QuerySelectorAll("[data-testid=task-table] tbody tr"));
        Assert.Contains(task.Title, byCode.QuerySelector("[data-testid=task-table] tbody")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(task.Title, byTitle.QuerySelector("[data-testid=task-table] tbody")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_splits_the_list_and_clamps_pages_past_the_end()
    {
        var first = await _client.GetPageAsync("/tasks?size=10");
        var last = await _client.GetPageAsync("/tasks?size=10&page=5");
        var beyond = await _client.GetPageAsync("/tasks?size=10&page=999");

        Assert.Equal(10, first.QuerySelectorAll("[data-testid=task-table] tbody tr").Length);
        Assert.Equal(5, last.QuerySelectorAll("[data-testid=task-table] tbody tr").Length);
        Assert.Equal(5, beyond.QuerySelectorAll("[data-testid=task-table] tbody tr").Length);
        Assert.NotNull(first.QuerySelector("a[rel=next][href*='page=2']"));
    }

    [Fact]
    public async Task Sorting_by_due_date_orders_the_rows()
    {
        var asc = await _client.GetPageAsync("/tasks?sort=due&size=100");
        var desc = await _client.GetPageAsync("/tasks?sort=-due&size=100");

        var ascCodes = asc.QuerySelectorAll("[data-testid=task-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        var descCodes = desc.QuerySelectorAll("[data-testid=task-table] tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        var expected = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.DueDate).ThenBy(t => t.Code).Select(t => t.Code).ToListAsync());
        var expectedDescending = await app.WithDbAsync(db => db.Tasks.OrderByDescending(t => t.DueDate).ThenBy(t => t.Code).Select(t => t.Code).ToListAsync());
        Assert.Equal(expected, ascCodes);
        Assert.Equal(expectedDescending, descCodes);
    }

    [Theory]
    [InlineData("/tasks?plan=abc&area=%00&office=1.5&unit=-1&status=zzz&page=-3&size=100000&sort=DROP%20TABLE")]
    [InlineData("/tasks?page=99999999999999999999&size=abc")]
    [InlineData("/tasks?q=%27%20OR%201%3D1%20--&overdue=maybe")]
    [InlineData("/tasks?status=Completed&status=InProgress")]
    public async Task Malformed_query_strings_still_answer_with_the_list(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("任务清单", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tasks/999999")]
    [InlineData("/tasks/abc")]
    [InlineData("/tasks/99999999999999999999")]
    [InlineData("/tasks/-1")]
    [InlineData("/tasks/999999/edit")]
    [InlineData("/no/such/page")]
    public async Task Unknown_ids_and_paths_answer_with_the_404_page(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_detail_page_shows_milestones_cooperating_units_and_report_history()
    {
        var task = await app.WithDbAsync(db => db.Tasks.Include(t => t.Milestones).Include(t => t.Cooperations)
            .Where(t => t.Cooperations.Any() && t.Milestones.Any() && db.Reports.Any(r => r.TaskId == t.Id))
            .OrderBy(t => t.Id).FirstAsync());
        var reportCount = await app.WithDbAsync(db => db.Reports.CountAsync(r => r.TaskId == task.Id));

        var page = await _client.GetPageAsync($"/tasks/{task.Id}");

        Assert.Contains(task.Title, page.QuerySelector("[data-testid=task-title]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(task.Milestones.Count, page.QuerySelectorAll("[data-testid=milestones] li").Length);
        Assert.Equal(reportCount, page.QuerySelectorAll("[data-testid=reports] tbody tr").Length);
        Assert.NotEqual("—", page.QuerySelector("[data-testid=cooperating-units]")!.TextContent.Trim());
    }

    [Fact]
    public async Task English_can_be_chosen_and_is_remembered()
    {
        var english = await _client.GetPageAsync("/tasks?culture=en");
        Assert.Contains("Task list", english.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        var chinese = await _client.GetPageAsync("/tasks");
        Assert.Contains("任务清单", chinese.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        using var switched = await _client.SubmitFormAsync("/tasks", new Dictionary<string, string?> { ["culture"] = "en" }, "header form[action='/culture']");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var remembered = await _client.GetPageAsync("/tasks");
        Assert.Contains("Task list", remembered.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        using var back = await _client.SubmitFormAsync("/tasks", new Dictionary<string, string?> { ["culture"] = "zh-CN" }, "header form[action='/culture']");
    }
}
