using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Plans;

namespace ReformTracker.IntegrationTests;

public sealed class PlanPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateBrowserlikeClient();

    [Fact]
    public async Task The_list_shows_a_plan_with_its_years_areas_and_a_link_to_its_tasks()
    {
        var name = Unique("连都区八大行动");
        var id = await AddPlanAsync(name, 2023, 2027, "数字赋能", "空间聚合", "要素保障");

        var page = await _client.GetPageAsync("/plans");

        var row = page.QuerySelector($"[data-testid=plan-table] tr[data-id='{id}']")!;
        Assert.Contains(name, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2023–2027", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("3", row.Children[2].TextContent.Trim());
        Assert.Equal($"/tasks?plan={id}", row.QuerySelector("[data-testid=task-count]")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("a[href='/plans/create']"));
    }

    [Fact]
    public async Task Creating_a_plan_stores_it_with_the_filled_area_rows_only()
    {
        var name = Unique("金湾区2023年工作要点");

        using var response = await _client.SubmitFormAsync("/plans/create", new Dictionary<string, string?>
        {
            ["Name"] = name,
            ["StartYear"] = "2023",
            ["EndYear"] = "2023",
            ["Description"] = "7个领域45项任务",
            ["Areas[0].Name"] = "社会治理",
            ["Areas[2].Name"] = "产业高质量发展",
            ["Areas[2].SortOrder"] = "5",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/plans", response.Headers.Location!.OriginalString);
        var created = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Name == name));
        Assert.Equal((2023, 2023), (created.StartYear, created.EndYear));
        Assert.Equal("7个领域45项任务", created.Description);
        Assert.Equal(["社会治理", "产业高质量发展"], created.Areas.OrderBy(a => a.SortOrder).Select(a => a.Name));
        Assert.Equal(5, created.Areas.Single(a => a.Name == "产业高质量发展").SortOrder);
    }

    [Fact]
    public async Task Invalid_input_comes_back_with_Chinese_messages_beside_the_fields_and_saves_nothing()
    {
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/plans/create", new Dictionary<string, string?>
        {
            ["Name"] = "",
            ["StartYear"] = "2030",
            ["EndYear"] = "2025",
            ["Description"] = "用户已经写好的说明",
            ["Areas[0].SortOrder"] = "3",
        });
        using var outOfRange = await _client.SubmitFormAsync("/plans/create", new Dictionary<string, string?>
        {
            ["Name"] = Unique("远古清单"),
            ["StartYear"] = "1999",
            ["EndYear"] = "abc",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("请填写清单名称", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("截止年份不能早于起始年份", page.QuerySelector("[data-valmsg-for=EndYear]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("请填写领域名称", page.QuerySelector("[data-valmsg-for='Areas[0].Name']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("用户已经写好的说明", page.QuerySelector("#Description")!.TextContent);
        Assert.Equal("2030", page.QuerySelector("#StartYear")!.GetAttribute("value"));
        Assert.Equal("3", page.QuerySelector("input[name='Areas[0].SortOrder']")!.GetAttribute("value"));

        Assert.Equal(HttpStatusCode.OK, outOfRange.StatusCode);
        var rangePage = await outOfRange.ReadPageAsync();
        Assert.Contains("年份应在 2000 到 2100 之间", rangePage.QuerySelector("[data-valmsg-for=StartYear]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("不是有效的值", rangePage.QuerySelector("[data-valmsg-for=EndYear]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("abc", rangePage.QuerySelector("#EndYear")!.GetAttribute("value"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_name_already_used_is_refused_on_the_name_field()
    {
        var name = Unique("高明区改革清单");
        await AddPlanAsync(name, 2014, 2020);
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/plans/create", new Dictionary<string, string?>
        {
            ["Name"] = name,
            ["StartYear"] = "2026",
            ["EndYear"] = "2026",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains($"已有名为 {name} 的清单", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Editing_renames_reorders_and_adds_areas_in_one_save_and_bumps_the_version()
    {
        var id = await AddPlanAsync(Unique("点题项目"), 2023, 2023, "经济提升", "区域提升", "民生提升");
        var before = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Id == id));
        var edit = await _client.GetPageAsync($"/plans/{id}/edit");
        Assert.Equal("区域提升", edit.QuerySelector("input[name='Areas[1].Name']")!.GetAttribute("value"));

        using var response = await _client.SubmitFormAsync($"/plans/{id}/edit", new Dictionary<string, string?>
        {
            ["EndYear"] = "2024",
            ["Areas[1].Name"] = "区域协调提升",
            ["Areas[2].SortOrder"] = "0",
            ["Areas[3].Name"] = "破解难题",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Id == id));
        Assert.Equal(2024, saved.EndYear);
        Assert.Equal(["民生提升", "经济提升", "区域协调提升", "破解难题"], saved.Areas.OrderBy(a => a.SortOrder).Select(a => a.Name));
        Assert.Equal(before.Areas.Single(a => a.Name == "区域提升").Id, saved.Areas.Single(a => a.Name == "区域协调提升").Id);
        Assert.Equal(before.Version + 1, saved.Version);
    }

    [Fact]
    public async Task Renaming_an_area_alone_still_bumps_the_plan_version()
    {
        var id = await AddPlanAsync(Unique("工作要点"), 2026, 2026, "营商环境");
        var before = await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == id));

        using var response = await _client.SubmitFormAsync($"/plans/{id}/edit", new Dictionary<string, string?> { ["Areas[0].Name"] = "优化营商环境" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before.Version + 1, (await app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Id == id))).Version);
    }

    [Fact]
    public async Task Duplicate_area_names_are_refused_on_the_row_and_nothing_changes()
    {
        var id = await AddPlanAsync(Unique("八大行动"), 2023, 2027, "工业跃迁", "创新引领");
        var before = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Id == id));

        using var typedTwice = await _client.SubmitFormAsync($"/plans/{id}/edit", new Dictionary<string, string?>
        {
            ["Name"] = before.Name + "（修订）",
            ["Areas[2].Name"] = "全域美丽",
            ["Areas[3].Name"] = " 全域美丽 ",
        });
        using var sameAsExisting = await _client.SubmitFormAsync($"/plans/{id}/edit", new Dictionary<string, string?>
        {
            ["Areas[2].Name"] = "创新引领",
        });

        Assert.Equal(HttpStatusCode.OK, typedTwice.StatusCode);
        var page = await typedTwice.ReadPageAsync();
        Assert.Contains("领域名称“全域美丽”重复", page.QuerySelector("[data-valmsg-for='Areas[3].Name']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelector("[data-valmsg-for='Areas[2].Name']")!.TextContent.Trim());
        Assert.Equal(before.Name + "（修订）", page.QuerySelector("#Name")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.OK, sameAsExisting.StatusCode);
        Assert.Contains("重复", (await sameAsExisting.ReadPageAsync()).QuerySelector("[data-valmsg-for='Areas[2].Name']")!.TextContent, StringComparison.Ordinal);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Swapping_two_area_names_in_one_save_is_refused_with_a_way_out()
    {
        var id = await AddPlanAsync(Unique("民生清单"), 2026, 2026, "教育", "医疗");
        var before = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Id == id));

        using var response = await _client.SubmitFormAsync($"/plans/{id}/edit", new Dictionary<string, string?>
        {
            ["Areas[0].Name"] = "医疗",
            ["Areas[1].Name"] = "教育",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("请先保存那个领域的改名", page.QuerySelector("[data-valmsg-for='Areas[0].Name']")!.TextContent, StringComparison.Ordinal);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_keeps_what_the_user_typed()
    {
        var id = await AddPlanAsync(Unique("年度清单"), 2026, 2026, "数字政府");
        var stalePage = await _client.GetPageAsync($"/plans/{id}/edit");
        var staleFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)stalePage.QuerySelector("main form[method=post]")!);

        using var first = await _client.SubmitFormAsync($"/plans/{id}/edit", new Dictionary<string, string?> { ["Areas[0].Name"] = "数字政府建设" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var afterFirst = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Id == id));

        staleFields.RemoveAll(f => f.Key == "Areas[0].Name");
        staleFields.Add(new("Areas[0].Name", "数字化改革"));
        using var second = await _client.PostAsync($"/plans/{id}/edit", staleFields);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ReadPageAsync();
        Assert.Contains("已被他人修改", page.QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("数字化改革", page.QuerySelector("input[name='Areas[0].Name']")!.GetAttribute("value"));
        await AssertUnchangedAsync(afterFirst);
    }

    [Fact]
    public async Task An_unknown_plan_answers_404_to_get_and_post()
    {
        using var get = await _client.GetAsync(new Uri("/plans/424242/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var token = (await _client.GetPageAsync("/plans/create")).AntiforgeryToken()!;
        using var post = await _client.PostAsync("/plans/424242/edit", [new("__RequestVerificationToken", token), new("Name", ""), new("Version", "1")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    private async Task AssertUnchangedAsync(Plan expected)
    {
        var stored = await app.WithDbAsync(db => db.Plans.AsNoTracking().Include(p => p.Areas).SingleAsync(p => p.Id == expected.Id));
        Assert.Equal(expected.Name, stored.Name);
        Assert.Equal(expected.Version, stored.Version);
        Assert.Equal(
            expected.Areas.OrderBy(a => a.Id).Select(a => (a.Id, a.Name, a.SortOrder)),
            stored.Areas.OrderBy(a => a.Id).Select(a => (a.Id, a.Name, a.SortOrder)));
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Task<int> CountAsync() => app.WithDbAsync(db => db.Plans.CountAsync());

    private Task<int> AddPlanAsync(string name, int startYear, int endYear, params string[] areas) =>
        app.WithDbAsync(async db =>
        {
            var plan = new Plan(name, startYear, endYear, string.Empty);
            foreach (var area in areas)
            {
                plan.AddArea(area);
            }

            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return plan.Id;
        });
}
