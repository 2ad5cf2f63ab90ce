using System.Net;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.IntegrationTests;

public sealed class OfficePagesTests(TestApp app) : IClassFixture<TestApp>
{
    private readonly HttpClient _client = app.CreateBrowserlikeClient();

    [Fact]
    public async Task The_list_shows_an_office_with_its_leader_and_a_link_to_its_tasks()
    {
        var name = Unique("全美办公室");
        var id = await AddOfficeAsync(name, "全美办", "统筹全域旅游和美丽乡村建设", leader: new Official("陈志强", "区委常委"));

        var page = await _client.GetPageAsync("/offices");

        var row = page.QuerySelector($"[data-testid=office-table] tr[data-id='{id}']")!;
        Assert.Contains(name, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("陈志强（区委常委）", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("统筹全域旅游", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/tasks?office={id}", row.QuerySelector("[data-testid=task-count]")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("a[href='/offices/create']"));
        Assert.NotNull(page.QuerySelector("nav a.nav-link.active[href='/offices']"));
    }

    [Fact]
    public async Task Creating_an_office_stores_it_and_returns_to_the_list()
    {
        var leaderId = await app.WithDbAsync(async db =>
        {
            var official = new Official("李明", "区委常委、常务副区长");
            db.Officials.Add(official);
            await db.SaveChangesAsync();
            return official.Id;
        });
        var name = Unique("基建办公室");

        using var response = await _client.SubmitFormAsync("/offices/create", new Dictionary<string, string?>
        {
            ["Name"] = name,
            ["ShortName"] = "基建办",
            ["Duties"] = "统筹全区基础设施建设项目。",
            ["LeadingOfficialId"] = leaderId.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/offices", response.Headers.Location!.OriginalString);
        var created = await app.WithDbAsync(db => db.Offices.SingleAsync(o => o.Name == name));
        Assert.Equal("基建办", created.ShortName);
        Assert.Equal("统筹全区基础设施建设项目。", created.Duties);
        Assert.Equal(leaderId, created.LeadingOfficialId);
        var list = await _client.GetPageAsync("/offices");
        Assert.Contains("专项办已创建", list.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_comes_back_with_Chinese_messages_beside_the_fields_and_saves_nothing()
    {
        var before = await CountAsync();
        var tooLong = new string('办', 31);

        using var response = await _client.SubmitFormAsync("/offices/create", new Dictionary<string, string?>
        {
            ["Name"] = "  ",
            ["ShortName"] = tooLong,
            ["Duties"] = "用户已经写好的职责",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("请填写专项办名称", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("简称不能超过 30 个字", page.QuerySelector("[data-valmsg-for=ShortName]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(tooLong, page.QuerySelector("#ShortName")!.GetAttribute("value"));
        Assert.Equal("用户已经写好的职责", page.QuerySelector("#Duties")!.TextContent);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_name_already_used_is_refused_on_the_name_field()
    {
        var name = Unique("征拆办公室");
        await AddOfficeAsync(name, "征拆办", string.Empty);
        var before = await CountAsync();

        using var response = await _client.SubmitFormAsync("/offices/create", new Dictionary<string, string?>
        {
            ["Name"] = name,
            ["ShortName"] = "另一个",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains($"已有名为 {name} 的专项办", page.QuerySelector("[data-valmsg-for=Name]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("另一个", page.QuerySelector("#ShortName")!.GetAttribute("value"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Editing_saves_the_change_and_bumps_the_version()
    {
        var id = await AddOfficeAsync(Unique("监审办公室"), "监审办", "督查行政不作为");
        var before = await app.WithDbAsync(db => db.Offices.AsNoTracking().SingleAsync(o => o.Id == id));
        var renamed = Unique("监督审查办公室");

        using var response = await _client.SubmitFormAsync($"/offices/{id}/edit", new Dictionary<string, string?>
        {
            ["Name"] = renamed,
            ["Duties"] = "督查行政不作为、信访投诉办理",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Offices.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal(renamed, saved.Name);
        Assert.Equal("监审办", saved.ShortName);
        Assert.Equal("督查行政不作为、信访投诉办理", saved.Duties);
        Assert.Equal(before.Version + 1, saved.Version);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_keeps_what_the_user_typed()
    {
        var id = await AddOfficeAsync(Unique("重点项目办公室"), "重点办", string.Empty);
        var stalePage = await _client.GetPageAsync($"/offices/{id}/edit");
        var staleFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)stalePage.QuerySelector("main form[method=post]")!);

        using var first = await _client.SubmitFormAsync($"/offices/{id}/edit", new Dictionary<string, string?> { ["ShortName"] = "第一位" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var afterFirst = await app.WithDbAsync(db => db.Offices.AsNoTracking().SingleAsync(o => o.Id == id));

        staleFields.RemoveAll(f => f.Key == "ShortName");
        staleFields.Add(new("ShortName", "第二位"));
        using var second = await _client.PostAsync($"/offices/{id}/edit", staleFields);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await second.ReadPageAsync();
        Assert.Contains("已被他人修改", page.QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("第二位", page.QuerySelector("#ShortName")!.GetAttribute("value"));
        var stored = await app.WithDbAsync(db => db.Offices.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal("第一位", stored.ShortName);
        Assert.Equal(afterFirst.Version, stored.Version);
    }

    [Fact]
    public async Task An_unknown_office_answers_404_to_get_and_post()
    {
        using var get = await _client.GetAsync(new Uri("/offices/424242/edit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        var token = (await _client.GetPageAsync("/offices/create")).AntiforgeryToken()!;
        using var post = await _client.PostAsync("/offices/424242/edit", [new("__RequestVerificationToken", token), new("Name", ""), new("Version", "1")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Task<int> CountAsync() => app.WithDbAsync(db => db.Offices.CountAsync());

    private Task<int> AddOfficeAsync(string name, string shortName, string duties, Official? leader = null) =>
        app.WithDbAsync(async db =>
        {
            if (leader is not null)
            {
                db.Officials.Add(leader);
                await db.SaveChangesAsync();
            }

            var office = new Office(name, shortName, duties, leader?.Id);
            db.Offices.Add(office);
            await db.SaveChangesAsync();
            return office.Id;
        });
}
