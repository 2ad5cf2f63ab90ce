using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;

namespace ReformTracker.IntegrationTests;

public sealed class TaskEditingTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateBrowserlikeClient();

    [Fact]
    public async Task Creating_a_task_stores_it_with_its_milestones_and_cooperating_units()
    {
        var refs = await app.WithDbAsync(async db => new
        {
            Plan = await db.Plans.FirstAsync(),
            Area = await db.Areas.OrderBy(a => a.Id).FirstAsync(),
            Office = await db.Offices.OrderBy(o => o.Id).FirstAsync(),
            Units = await db.Units.OrderBy(u => u.Id).Take(3).Select(u => u.Id).ToListAsync(),
        });

        using var response = await _client.SubmitFormAsync($"/tasks/create?plan={refs.Plan.Id}", new Dictionary<string, string?>
        {
            ["Code"] = "NEW-001",
            ["Title"] = "推进“一网通办”事项全覆盖",
            ["Content"] = "梳理依申请政务服务事项清单。",
            ["Target"] = "年底前网上可办率达到100%",
            ["AreaId"] = refs.Area.Id.ToString(),
            ["OfficeId"] = refs.Office.Id.ToString(),
            ["LeadUnitId"] = refs.Units[0].ToString(),
            ["CooperatingUnitIds"] = refs.Units[1].ToString(),
            ["StartDate"] = "2026-02-01",
            ["DueDate"] = "2026-12-31",
            ["Milestones[0].Title"] = "6月底前完成事项梳理",
            ["Milestones[0].PlannedDate"] = "2026-06-30",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var created = await app.WithDbAsync(db => db.Tasks.Include(t => t.Milestones).Include(t => t.Cooperations).SingleAsync(t => t.Code == "NEW-001"));
        Assert.Equal($"/tasks/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("推进“一网通办”事项全覆盖", created.Title);
        Assert.Equal(new DateOnly(2026, 12, 31), created.DueDate);
        Assert.Equal("6月底前完成事项梳理", Assert.Single(created.Milestones).Title);
        Assert.Equal(refs.Units[1], Assert.Single(created.Cooperations).UnitId);

        var detail = await _client.GetPageAsync($"/tasks/{created.Id}");
        Assert.Contains("任务已创建", detail.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_comes_back_with_Chinese_messages_beside_the_fields_and_saves_nothing()
    {
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/tasks/create", new Dictionary<string, string?>
        {
            ["Code"] = "BAD 001!",
            ["Title"] = "",
            ["Content"] = "用户已经写好的一段内容",
            ["StartDate"] = "2026-06-01",
            ["DueDate"] = "2026-03-01",
            ["IsKeyProject"] = "true",
            ["PlannedTotalInvestment"] = "-5",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("任务编号只能包含", page.QuerySelector("[data-valmsg-for=Code]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("请填写任务名称", page.QuerySelector("[data-valmsg-for=Title]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("完成时限不能早于开始日期", page.QuerySelector("[data-valmsg-for=DueDate]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("投资额不能为负数", page.QuerySelector("[data-valmsg-for=PlannedTotalInvestment]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("BAD 001!", page.QuerySelector("#Code")!.GetAttribute("value"));
        Assert.Equal("用户已经写好的一段内容", page.QuerySelector("#Content")!.TextContent);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Unparseable_numbers_and_dates_get_a_Chinese_message_not_an_error_page()
    {
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/tasks/create", new Dictionary<string, string?>
        {
            ["Code"] = "X-1",
            ["Title"] = "测试",
            ["StartDate"] = "not-a-date",
            ["AreaId"] = "abc",
            ["Priority"] = "Galactic",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("不是有效的值", page.QuerySelector("[data-valmsg-for=StartDate]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_code_already_used_in_the_plan_is_refused_on_the_code_field()
    {
        var existing = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).FirstAsync());
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync($"/tasks/{existing.Id}/edit", new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var other = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(1).FirstAsync());
        using var duplicate = await _client.SubmitFormAsync($"/tasks/{other.Id}/edit", new Dictionary<string, string?> { ["Code"] = existing.Code });

        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var page = await duplicate.ReadPageAsync();
        Assert.Contains($"已有编号为 {existing.Code} 的任务", page.QuerySelector("[data-valmsg-for=Code]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(other.Code, (await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == other.Id))).Code);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Editing_saves_the_change_bumps_the_version_and_updates_milestones()
    {
        var task = await app.WithDbAsync(db => db.Tasks.Include(t => t.Milestones).Where(t => t.Milestones.Count >= 2).OrderBy(t => t.Id).Skip(2).FirstAsync());
        var removed = task.Milestones.OrderBy(m => m.PlannedDate).First();
        var edit = await _client.GetPageAsync($"/tasks/{task.Id}/edit");
        var removeIndex = edit.QuerySelectorAll("input[name$='.Id']").Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value")))
            .Single(i => i.Value == removed.Id.ToString()).Name.Replace(".Id", string.Empty, StringComparison.Ordinal);

        using var response = await _client.SubmitFormAsync($"/tasks/{task.Id}/edit", new Dictionary<string, string?>
        {
            ["Title"] = task.Title + "（修订）",
            ["DueDate"] = "2027-03-31",
            [$"{removeIndex}.Remove"] = "true",
            [$"Milestones[{task.Milestones.Count}].Title"] = "新增节点：年底前完成验收",
            [$"Milestones[{task.Milestones.Count}].PlannedDate"] = "2026-12-20",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Tasks.Include(t => t.Milestones).SingleAsync(t => t.Id == task.Id));
        Assert.Equal(task.Title + "（修订）", saved.Title);
        Assert.Equal(new DateOnly(2027, 3, 31), saved.DueDate);
        Assert.Equal(task.Version + 1, saved.Version);
        Assert.DoesNotContain(saved.Milestones, m => m.Id == removed.Id);
        Assert.Contains(saved.Milestones, m => m.Title == "新增节点：年底前完成验收");
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_keeps_what_the_user_typed()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(3).FirstAsync());
        var stalePage = await _client.GetPageAsync($"/tasks/{task.Id}/edit");
        var staleFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)stalePage.QuerySelector("main form[method=post]")!);

        using var first = await _client.SubmitFormAsync($"/tasks/{task.Id}/edit", new Dictionary<string, string?> { ["Title"] = "第一位编辑的标题" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        staleFields.RemoveAll(f => f.Key == "Title");
        staleFields.Add(new("Title", "第二位编辑的标题"));
        using var second = await _client.PostAsync($"/tasks/{task.Id}/edit", staleFields);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ReadPageAsync();
        Assert.Contains("已被他人修改", page.QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("第二位编辑的标题", page.QuerySelector("#Title")!.GetAttribute("value"));
        Assert.Equal("第一位编辑的标题", (await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == task.Id))).Title);
    }

    [Fact]
    public async Task An_area_of_another_plan_or_an_unknown_unit_is_refused()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(4).FirstAsync());

        using var response = await _client.SubmitFormAsync($"/tasks/{task.Id}/edit", new Dictionary<string, string?>
        {
            ["AreaId"] = "987654",
            ["LeadUnitId"] = "987654",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("所选领域不属于该清单", page.QuerySelector("[data-valmsg-for=AreaId]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("所选牵头单位不存在", page.QuerySelector("[data-valmsg-for=LeadUnitId]")!.TextContent, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == task.Id));
        Assert.Equal(task.AreaId, stored.AreaId);
        Assert.Equal(task.Version, stored.Version);
    }

    [Fact]
    public async Task A_post_without_a_valid_antiforgery_token_changes_nothing()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(5).FirstAsync());

        using var response = await _client.PostAsync($"/tasks/{task.Id}/edit", [new("Title", "伪造的修改"), new("Version", task.Version.ToString())]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(task.Title, (await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == task.Id))).Title);
    }

    [Fact]
    public async Task Editing_an_unknown_task_answers_404()
    {
        using var response = await _client.SubmitFormAsync($"/tasks/{(await app.WithDbAsync(db => db.Tasks.FirstAsync())).Id}/edit", new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await _client.GetPageAsync("/tasks/create");
        var token = page.AntiforgeryToken()!;
        using var missing = await _client.PostAsync("/tasks/424242/edit", [new("__RequestVerificationToken", token), new("Code", "A-1"), new("Title", "x")]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Changing_only_the_cooperating_units_still_moves_the_version_so_a_stale_form_is_refused()
    {
        var task = await app.WithDbAsync(db => db.Tasks.Include(t => t.Cooperations).OrderBy(t => t.Id).Skip(6).FirstAsync());
        var stalePage = await _client.GetPageAsync($"/tasks/{task.Id}/edit");
        var staleFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)stalePage.QuerySelector("main form[method=post]")!);
        var extraUnit = await app.WithDbAsync(db => db.Units.Where(u => u.Id != task.LeadUnitId).OrderByDescending(u => u.Id).Select(u => u.Id).FirstAsync());

        var changed = staleFields.Where(f => f.Key != "CooperatingUnitIds").Append(new("CooperatingUnitIds", extraUnit.ToString())).ToList();
        using var first = await _client.PostAsync($"/tasks/{task.Id}/edit", changed);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var second = await _client.PostAsync($"/tasks/{task.Id}/edit", staleFields);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var stored = await app.WithDbAsync(db => db.Tasks.Include(t => t.Cooperations).SingleAsync(t => t.Id == task.Id));
        Assert.Equal(extraUnit, Assert.Single(stored.Cooperations).UnitId);
        Assert.Equal(task.Version + 1, stored.Version);
    }

    [Fact]
    public async Task A_posted_plan_id_cannot_move_a_task_to_another_plan()
    {
        var task = await app.WithDbAsync(db => db.Tasks.OrderBy(t => t.Id).Skip(8).FirstAsync());

        using var response = await _client.SubmitFormAsync($"/tasks/{task.Id}/edit", new Dictionary<string, string?> { ["PlanId"] = "987654" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(task.PlanId, (await app.WithDbAsync(db => db.Tasks.SingleAsync(t => t.Id == task.Id))).PlanId);
    }

    private Task<int> CountAsync() => app.WithDbAsync(db => db.Tasks.CountAsync());
}
