using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.IntegrationTests;

public sealed class UnitPagesTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateBrowserlikeClient();

    [Fact]
    public async Task The_list_filtered_by_kind_shows_a_village_with_its_town_and_a_link_to_its_tasks()
    {
        var townName = Unique("杨和镇");
        var villageName = Unique("对川村");
        var townId = await AddUnitAsync(townName, "杨和", UnitKind.Town);
        var villageId = await AddUnitAsync(villageName, "对川", UnitKind.Village, townId);

        var villages = await _client.GetPageAsync("/units?kind=Village");
        var towns = await _client.GetPageAsync("/units?kind=Town");

        var row = villages.QuerySelector($"[data-testid=unit-table] tr[data-id='{villageId}']")!;
        Assert.Contains(villageName, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(townName, row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/tasks?unit={villageId}", row.QuerySelector("[data-testid=tasks-led]")!.GetAttribute("href"));
        Assert.Null(towns.QuerySelector($"tr[data-id='{villageId}']"));
        Assert.NotNull(towns.QuerySelector($"tr[data-id='{townId}']"));
        Assert.Contains("村（社区）", villages.QuerySelector("[data-testid=kind-filter] .active")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(villages.QuerySelector("a[href='/units/create?kind=Village']"));

        var all = await _client.GetPageAsync("/units?kind=99");
        Assert.NotNull(all.QuerySelector($"tbody[data-kind=Village] tr[data-id='{villageId}']"));
        Assert.NotNull(all.QuerySelector($"tbody[data-kind=Town] tr[data-id='{townId}']"));
        Assert.Equal("/units", all.QuerySelector("[data-testid=kind-filter] .active")!.GetAttribute("href"));
        var malformed = await _client.GetPageAsync("/units?kind=nonsense");
        Assert.NotNull(malformed.QuerySelector($"tr[data-id='{villageId}']"));
    }

    [Fact]
    public async Task Creating_a_village_under_a_town_stores_it_and_returns_to_the_list()
    {
        var townId = await AddUnitAsync(Unique("明城镇"), "明城", UnitKind.Town);
        var name = Unique("明城村");

        using var response = await _client.SubmitFormAsync("/units/create", new Dictionary<string, string?>
        {
            ["Name"] = name,
            ["ShortName"] = "明城村",
            ["Kind"] = "Village",
            ["ParentId"] = townId.ToString(),
            ["SortOrder"] = "12",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/units", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var created = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Name == name));
        Assert.Equal(UnitKind.Village, created.Kind);
        Assert.Equal(townId, created.ParentId);
        Assert.Equal(12, created.SortOrder);
    }

    [Fact]
    public async Task Invalid_input_comes_back_with_Chinese_messages_beside_the_fields_and_saves_nothing()
    {
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/units/create", new Dictionary<string, string?>
        {
            ["Name"] = "",
            ["ShortName"] = "用户填的简称",
            ["SortOrder"] = "100000",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("请填写单位名称", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("排序号应在 0 到 9999 之间", page.QuerySelector("[data-valmsg-for=SortOrder]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("用户填的简称", page.QuerySelector("#ShortName")!.GetAttribute("value"));
        Assert.Equal("100000", page.QuerySelector("#SortOrder")!.GetAttribute("value"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_name_already_used_is_refused_on_the_name_field()
    {
        var name = Unique("区财政局");
        await AddUnitAsync(name, "财政局", UnitKind.Department);
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/units/create", new Dictionary<string, string?>
        {
            ["Name"] = name,
            ["ShortName"] = "财政",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains($"已有名为 {name} 的单位", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_village_must_sit_under_a_town()
    {
        var departmentId = await AddUnitAsync(Unique("区交通运输局"), "交通局", UnitKind.Department);
        var before = await CountAsync();

        using var wrongParent = await _client.SubmitFormAsync("/units/create", new Dictionary<string, string?>
        {
            ["Name"] = Unique("某村"),
            ["ShortName"] = "某村",
            ["Kind"] = "Village",
            ["ParentId"] = departmentId.ToString(),
        });
        using var noParent = await _client.SubmitFormAsync("/units/create", new Dictionary<string, string?>
        {
            ["Name"] = Unique("某社区"),
            ["ShortName"] = "某社区",
            ["Kind"] = "Village",
            ["ParentId"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, wrongParent.StatusCode);
        Assert.Contains("村（社区）的上级单位须为镇街，所选单位是区直单位", (await wrongParent.ReadPageAsync()).QuerySelector("[data-valmsg-for=ParentId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, noParent.StatusCode);
        Assert.Contains("须选择所属镇街", (await noParent.ReadPageAsync()).QuerySelector("[data-valmsg-for=ParentId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_unit_cannot_become_its_own_parent_or_the_child_of_its_descendant()
    {
        var top = await AddUnitAsync(Unique("甲单位"), "甲", UnitKind.Enterprise);
        var middle = await AddUnitAsync(Unique("乙单位"), "乙", UnitKind.Enterprise, top);
        var bottom = await AddUnitAsync(Unique("丙单位"), "丙", UnitKind.Enterprise, middle);
        var before = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == top));

        using var cycle = await _client.SubmitFormAsync($"/units/{top}/edit", new Dictionary<string, string?> { ["ParentId"] = bottom.ToString() });
        using var self = await _client.SubmitFormAsync($"/units/{top}/edit", new Dictionary<string, string?> { ["ParentId"] = top.ToString() });

        Assert.Equal(HttpStatusCode.OK, cycle.StatusCode);
        Assert.Contains("不能形成循环", (await cycle.ReadPageAsync()).QuerySelector("[data-valmsg-for=ParentId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Contains("不能作为自己的上级单位", (await self.ReadPageAsync()).QuerySelector("[data-valmsg-for=ParentId]")!.TextContent, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == top));
        Assert.Null(stored.ParentId);
        Assert.Equal(before.Version, stored.Version);
    }

    [Fact]
    public async Task An_unknown_parent_is_refused()
    {
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/units/create", new Dictionary<string, string?>
        {
            ["Name"] = Unique("某企业"),
            ["ShortName"] = "某企业",
            ["Kind"] = "Enterprise",
            ["ParentId"] = "987654",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("所选上级单位不存在", (await response.ReadPageAsync()).QuerySelector("[data-valmsg-for=ParentId]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Editing_saves_the_change_and_bumps_the_version()
    {
        var id = await AddUnitAsync(Unique("区发展规划和统计局"), "发规局", UnitKind.Department);
        var before = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == id));

        using var response = await _client.SubmitFormAsync($"/units/{id}/edit", new Dictionary<string, string?>
        {
            ["ShortName"] = "发展规划局",
            ["SortOrder"] = "3",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.Equal("发展规划局", saved.ShortName);
        Assert.Equal(3, saved.SortOrder);
        Assert.Equal(before.Name, saved.Name);
        Assert.Equal(before.Version + 1, saved.Version);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_keeps_what_the_user_typed()
    {
        var id = await AddUnitAsync(Unique("更合镇"), "更合", UnitKind.Town);
        var stalePage = await _client.GetPageAsync($"/units/{id}/edit");
        var staleFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)stalePage.QuerySelector("main form[method=post]")!);

        using var first = await _client.SubmitFormAsync($"/units/{id}/edit", new Dictionary<string, string?> { ["ShortName"] = "第一位" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var afterFirst = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == id));

        staleFields.RemoveAll(f => f.Key == "ShortName");
        staleFields.Add(new("ShortName", "第二位"));
        using var second = await _client.PostAsync($"/units/{id}/edit", staleFields);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ReadPageAsync();
        Assert.Contains("已被他人修改", page.QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("第二位", page.QuerySelector("#ShortName")!.GetAttribute("value"));
        var stored = await app.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.Equal("第一位", stored.ShortName);
        Assert.Equal(afterFirst.Version, stored.Version);
    }

    [Fact]
    public async Task An_unknown_unit_answers_404_to_get_and_post()
    {
        using var get = await _client.GetAsync(new Uri("/units/424242/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var token = (await _client.GetPageAsync("/units/create")).AntiforgeryToken()!;
        using var post = await _client.PostAsync("/units/424242/edit", [new("__RequestVerificationToken", token), new("Name", ""), new("Version", "1")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Task<int> CountAsync() => app.WithDbAsync(db => db.Units.CountAsync());

    private Task<int> AddUnitAsync(string name, string shortName, UnitKind kind, int? parentId = null) =>
        app.WithDbAsync(async db =>
        {
            var unit = new Unit(name, shortName, kind, parentId);
            db.Units.Add(unit);
            await db.SaveChangesAsync();
            return unit.Id;
        });
}
