using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.IntegrationTests;

public sealed class MeetingTableTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly YearMonth October = new(2026, 10);

    [Fact]
    public async Task The_table_puts_progress_problems_and_measures_in_their_columns_grouped_by_area_and_shows_unreported_tasks()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var page = await leader.GetPageAsync($"/meeting-table?plan={scene.PlanId}&month=2026-10");

        var groups = page.QuerySelectorAll("[data-testid=mt-group]");
        Assert.Equal(["领域一", "领域二"], groups.Select(g => g.GetAttribute("data-group-name")!).ToList());
        Assert.Equal([scene.Accepted, scene.Submitted], TaskIds(groups[0]));
        Assert.Equal([scene.NoReport, scene.DraftOnly], TaskIds(groups[1]));

        var accepted = Row(page, scene.Accepted);
        Assert.Equal("Accepted", accepted.GetAttribute("data-state"));
        var progress = Cell(accepted, "mt-progress");
        Assert.Contains("完成管网改造12公里", progress, StringComparison.Ordinal);
        Assert.Contains("进度 60%", progress, StringComparison.Ordinal);
        Assert.Contains("红灯", progress, StringComparison.Ordinal);
        Assert.Null(accepted.QuerySelector("[data-testid=mt-unreviewed]"));
        Assert.Equal(["用地指标不足", "资金缺口较大"], accepted.QuerySelectorAll("[data-testid=mt-problem]").Select(p => p.TextContent.Trim()).ToList());
        var measures = accepted.QuerySelectorAll("[data-testid=mt-measure]");
        Assert.Equal(2, measures.Length);
        Assert.Contains("向市自然资源局争取新增指标", measures[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(scene.ResponsibleUnitName, measures[0].QuerySelector("[data-testid=mt-measure-unit]")!.TextContent.Trim());
        Assert.Equal("2026-12-31", measures[0].QuerySelector("[data-testid=mt-measure-due]")!.TextContent.Trim());
        Assert.Equal("未明确", measures[1].QuerySelector("[data-testid=mt-measure-unit]")!.TextContent.Trim());
        Assert.Contains("已逾期", measures[1].QuerySelector("[data-testid=mt-measure-due]")!.TextContent, StringComparison.Ordinal);
        // Problems and measures never trade columns.
        Assert.DoesNotContain("争取新增指标", Cell(accepted, "mt-problems"), StringComparison.Ordinal);
        Assert.DoesNotContain("用地指标不足", Cell(accepted, "mt-measures"), StringComparison.Ordinal);

        var submitted = Row(page, scene.Submitted);
        Assert.Equal("Submitted", submitted.GetAttribute("data-state"));
        Assert.Contains("待审核", submitted.QuerySelector("[data-testid=mt-unreviewed]")!.TextContent, StringComparison.Ordinal);

        foreach (var missing in new[] { scene.NoReport, scene.DraftOnly })
        {
            var row = Row(page, missing);
            Assert.Equal("Missing", row.GetAttribute("data-state"));
            Assert.Equal("未报送", row.QuerySelector("[data-testid=mt-missing]")!.TextContent.Trim());
            Assert.DoesNotContain("草稿里的文字", row.TextContent, StringComparison.Ordinal);
        }

        Assert.Null(page.QuerySelector($"[data-testid=mt-row][data-task-id='{scene.NotStarted}']"));
        var summary = page.QuerySelector("[data-testid=mt-summary]")!.TextContent;
        Assert.Contains("共 4 项：已审核 1 项，待审核或被退回 1 项，未报送 2 项", summary, StringComparison.Ordinal);
        Assert.Contains("另有 1 项本月无需报送", summary, StringComparison.Ordinal);

        // Without a month the table is about the latest month whose cut-off has passed: October on 23 November.
        var latest = await leader.GetPageAsync($"/meeting-table?plan={scene.PlanId}");
        Assert.Equal("2026-10", (latest.QuerySelector("input[name=month]") as IHtmlInputElement)!.Value);
        Assert.Equal(4, latest.QuerySelectorAll("[data-testid=mt-row]").Length);
    }

    [Fact]
    public async Task Grouped_by_office_an_office_table_lists_the_offices_tasks_in_code_order()
    {
        var scene = await ArrangeAsync();
        using var supervisor = app.CreateClientFor("supervisor");

        var page = await supervisor.GetPageAsync($"/meeting-table?office={scene.OfficeId}&month=2026-10&group=office");

        var group = Assert.Single(page.QuerySelectorAll("[data-testid=mt-group]"));
        Assert.Equal(scene.OfficeShortName, group.GetAttribute("data-group-name"));
        Assert.Equal([scene.Accepted, scene.Submitted, scene.NoReport, scene.DraftOnly], TaskIds(group));
    }

    [Fact]
    public async Task A_unit_sees_only_its_own_tasks_and_a_plan_or_office_outside_its_scope_is_not_found()
    {
        var scene = await ArrangeAsync();
        using var reporter = app.CreateClientFor("reporter");
        using var reviewer = app.CreateClientFor("reviewer");
        using var leader = app.CreateClientFor("leader");

        // The reporter's unit cooperates on one task of the plan: that one row, nothing else of the plan.
        var own = await reporter.GetPageAsync($"/meeting-table?plan={scene.PlanId}&month=2026-10");
        Assert.Equal([scene.Accepted], own.QuerySelectorAll("[data-testid=mt-row]").Select(r => Id(r.GetAttribute("data-task-id"))).ToList());
        var ownOffice = await reporter.GetPageAsync($"/meeting-table?office={scene.OfficeId}&month=2026-10");
        Assert.Equal([scene.Accepted], ownOffice.QuerySelectorAll("[data-testid=mt-row]").Select(r => Id(r.GetAttribute("data-task-id"))).ToList());

        // The reviewer's office has no task in this plan and is not this office: both answer like nothing exists.
        await reviewer.GetPageAsync($"/meeting-table?plan={scene.PlanId}", HttpStatusCode.NotFound);
        await reviewer.GetPageAsync($"/meeting-table?office={scene.OfficeId}", HttpStatusCode.NotFound);
        using var export = await reviewer.GetAsync(new Uri($"/meeting-table/export?plan={scene.PlanId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        using var print = await reviewer.GetAsync(new Uri($"/meeting-table/print?office={scene.OfficeId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, print.StatusCode);

        await leader.GetPageAsync("/meeting-table?plan=987654", HttpStatusCode.NotFound);
        await leader.GetPageAsync("/meeting-table?office=987654", HttpStatusCode.NotFound);
        var badMonth = await leader.GetPageAsync($"/meeting-table?plan={scene.PlanId}&month=2026-13");
        Assert.Contains("月份格式应为", badMonth.QuerySelector("[data-testid=month-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(badMonth.QuerySelectorAll("[data-testid=mt-row]"));
        Assert.NotNull((await leader.GetPageAsync("/meeting-table?plan=abc&month=x-y")).QuerySelector("[data-testid=month-error]"));
        using var badExport = await leader.GetAsync(new Uri($"/meeting-table/export?plan={scene.PlanId}&month=2026-13", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, badExport.StatusCode);

        using var auditor = app.CreateClientFor("auditor");
        using var refused = await auditor.GetAsync(new Uri("/meeting-table", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_workbook_has_the_pages_rows_and_columns_and_text_that_looks_like_a_formula_stays_text()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        using var response = await leader.GetAsync(new Uri($"/meeting-table/export?plan={scene.PlanId}&month=2026-10", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var xlsx = await response.Content.ReadAsByteArrayAsync();
        var rows = Workbooks.Read(xlsx);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["领域一", "领域一", "领域二", "领域二"], rows.Select(r => (string)r["分组"]!).ToList());
        var accepted = rows.Single(r => (string?)r["任务编号"] == scene.AcceptedCode);
        Assert.Equal("已审核", accepted["报送状态"]);
        Assert.Contains("完成管网改造12公里", (string)accepted["实现情况"]!, StringComparison.Ordinal);
        Assert.Equal(60d, Convert.ToDouble(accepted["进度（%）"], CultureInfo.InvariantCulture));
        Assert.Equal("1. 用地指标不足\n2. 资金缺口较大", accepted["存在问题"]);
        var measures = (string)accepted["具体措施（责任单位、解决时限）"]!;
        Assert.Contains($"向市自然资源局争取新增指标（责任单位：{scene.ResponsibleUnitName}；解决时限：2026-12-31）", measures, StringComparison.Ordinal);
        Assert.Contains("（责任单位：未明确；解决时限：2026-09-30）【已逾期】", measures, StringComparison.Ordinal);

        var submitted = rows.Single(r => (string?)r["任务编号"] == scene.SubmittedCode);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"点击\")", submitted["实现情况"]);
        Assert.DoesNotContain("<x:f>", Workbooks.EntryText(xlsx), StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", Workbooks.EntryText(xlsx), StringComparison.Ordinal);
        Assert.All(rows.Where(r => (string?)r["报送状态"] == "未报送"), r => Assert.Equal("未报送", r["实现情况"]));
    }

    [Fact]
    public async Task The_print_layout_repeats_one_header_on_landscape_paper_of_the_chosen_size()
    {
        var scene = await ArrangeAsync();
        using var leader = app.CreateClientFor("leader");

        var a3 = await leader.GetPageAsync($"/meeting-table/print?plan={scene.PlanId}&month=2026-10&paper=A3");
        var a4 = await leader.GetPageAsync($"/meeting-table/print?plan={scene.PlanId}&month=2026-10");

        Assert.Equal("/css/meeting-table-a3.css", a3.QuerySelector("[data-testid=mtp-paper]")!.GetAttribute("href"));
        Assert.Equal("/css/meeting-table-a4.css", a4.QuerySelector("[data-testid=mtp-paper]")!.GetAttribute("href"));
        var table = a4.QuerySelector("[data-testid=mtp-table]")!;
        Assert.Single(table.QuerySelectorAll("thead"));
        Assert.Equal(["序号", "事项内容", "实现情况", "存在问题", "具体措施（责任单位、解决时限）"], table.QuerySelectorAll("thead th").Select(t => t.TextContent.Trim()).ToList());
        Assert.Equal(4, table.QuerySelectorAll("[data-testid=mtp-row]").Length);
        Assert.Equal(2, table.QuerySelectorAll("[data-testid=mtp-row][data-state=Missing]").Length);
    }

    private sealed record Scene(
        int PlanId, int OfficeId, string OfficeShortName, string ResponsibleUnitName,
        int Accepted, string AcceptedCode, int Submitted, string SubmittedCode, int NoReport, int DraftOnly, int NotStarted);

    /// <summary>
    /// A new plan (two areas) of a new office, led by a new unit: an accepted October report with two problems (one measure
    /// with unit and date, one without a unit and overdue) on which the demo reporter's unit cooperates; a submitted one whose text
    /// looks like a formula; a task with no report, one with only a draft, and one that starts next year.
    /// </summary>
    private Task<Scene> ArrangeAsync() => app.WithDbAsync(async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync();
        var office = new Office($"会议表测试办-{suffix}", $"会议表办{suffix[..4]}", string.Empty, null);
        var lead = new Unit($"会议表牵头局-{suffix}", "牵头局", UnitKind.Department, null);
        var responsible = new Unit($"会议表责任局-{suffix}", "责任局", UnitKind.Department, null);
        var plan = new Plan($"会议表测试清单-{suffix}", 2026, 2026, string.Empty);
        var first = plan.AddArea("领域一");
        var second = plan.AddArea("领域二");
        db.AddRange(office, lead, responsible, plan);
        await db.SaveChangesAsync();

        ReformTask NewTask(string code, Area area, DateOnly start, IEnumerable<int> cooperating) =>
            new(plan.Id, new TaskDefinition(
                $"{code}-{suffix}", $"会议表任务{code}", string.Empty, string.Empty, string.Empty,
                area.Id, office.Id, lead.Id, null, start, new DateOnly(start.Year, 12, 31), TaskPriority.Normal, null), cooperating);

        var start = new DateOnly(2026, 1, 1);
        var accepted = NewTask("A1", first, start, [reporterUnit]);
        var submitted = NewTask("A2", first, start, []);
        var noReport = NewTask("B1", second, start, []);
        var draftOnly = NewTask("B2", second, start, []);
        var notStarted = NewTask("B3", second, new DateOnly(2027, 3, 1), []);
        foreach (var task in new[] { accepted, submitted, noReport, draftOnly })
        {
            task.ChangeStatus(ReformTaskStatus.InProgress, start);
        }

        db.Tasks.AddRange(accepted, submitted, noReport, draftOnly, notStarted);
        await db.SaveChangesAsync();

        var now = app.Clock.Now.UtcDateTime;
        var acceptedReport = MonthlyReport.StartDraft(accepted.Id, lead.Id, October);
        acceptedReport.Fill("完成管网改造12公里，启动二期招标", 60, null, null, null);
        acceptedReport.AddProblem("用地指标不足", "向市自然资源局争取新增指标", responsible.Id, new DateOnly(2026, 12, 31));
        acceptedReport.AddProblem("资金缺口较大", "申请专项债券", null, new DateOnly(2026, 9, 30));
        acceptedReport.Submit(now, "测试");
        acceptedReport.Accept(now, "测试", accepted);

        var submittedReport = MonthlyReport.StartDraft(submitted.Id, lead.Id, October);
        submittedReport.Fill("=HYPERLINK(\"http://evil.example\",\"点击\")", 30, null, null, null);
        submittedReport.Submit(now, "测试");

        var draft = MonthlyReport.StartDraft(draftOnly.Id, lead.Id, October);
        draft.Fill("草稿里的文字", 20, null, null, null);
        db.Reports.AddRange(acceptedReport, submittedReport, draft);
        db.TaskLights.Add(new TaskLight { TaskId = accepted.Id, Light = Light.Red, Reasons = "措施逾期", EvaluatedAtUtc = now });
        await db.SaveChangesAsync();
        return new Scene(
            plan.Id, office.Id, office.ShortName, responsible.Name, accepted.Id, accepted.Code, submitted.Id, submitted.Code, noReport.Id, draftOnly.Id, notStarted.Id);
    });

    private static IHtmlElement Row(IHtmlDocument page, int taskId) =>
        (IHtmlElement)page.QuerySelector($"[data-testid=mt-row][data-task-id='{taskId}']")!;

    private static string Cell(AngleSharp.Dom.IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent;

    private static List<int> TaskIds(AngleSharp.Dom.IElement group) =>
        group.QuerySelectorAll("[data-testid=mt-row]").Select(r => Id(r.GetAttribute("data-task-id"))).ToList();

    private static int Id(string? text) => int.Parse(text!, CultureInfo.InvariantCulture);
}
