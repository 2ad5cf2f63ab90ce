using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Meetings;

namespace ReformTracker.IntegrationTests;

public sealed class MeetingTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_meeting_page_opens_with_the_closure_of_the_previous_meeting_of_the_same_scope()
    {
        var office = await NewOfficeAsync();
        var reporterUnit = await UnitOfAsync("reporter");
        var townUnit = await UnitOfAsync("town");
        using var supervisor = app.CreateClientFor("supervisor");

        var first = await CreateMeetingAsync(supervisor, office, "2026-10-15", "10月晒比会");
        var overdue = await AssignAsync(supervisor, first, "完成片区征拆摸底", townUnit, "2026-11-01");
        await AssignAsync(supervisor, first, "制定投资攻坚方案", reporterUnit, "2026-12-31");
        var toBeDone = await AssignAsync(supervisor, first, "梳理要素保障清单", reporterUnit, "2026-11-10");
        await CreateMeetingAsync(supervisor, await NewOfficeAsync(), "2026-11-01", "另一专项办的会议");

        using var reporter = app.CreateClientFor("reporter");
        var done = await reporter.SubmitFormAsync($"/meetings/{first}", new Dictionary<string, string?> { ["Text"] = "清单已报区政府" },
            $"tr[data-item-id='{toBeDone}'] form[data-testid=done-form]");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var second = await CreateMeetingAsync(supervisor, office, "2026-11-20", "11月晒比会");
        var page = await supervisor.GetPageAsync($"/meetings/{second}");

        var closure = page.QuerySelector("[data-testid=previous-closure]")!;
        Assert.Equal("上次会议交办事项 3 项，已办结 1 项，办结率 33.3%", closure.QuerySelector("[data-testid=closure-line]")!.TextContent.Trim());
        var open = closure.QuerySelectorAll("[data-testid=still-open] [data-item-id]");
        Assert.Equal(2, open.Length);
        var late = open.Single(o => o.GetAttribute("data-item-id") == overdue.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("true", late.GetAttribute("data-overdue"));
        Assert.Contains("逾期 22 天", late.TextContent, StringComparison.Ordinal);
        Assert.Contains("荷城街道", late.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-01", late.TextContent, StringComparison.Ordinal);
        Assert.Single(open, o => o.GetAttribute("data-overdue") == "false");

        var firstPage = await supervisor.GetPageAsync($"/meetings/{first}");
        Assert.NotNull(firstPage.QuerySelector("[data-testid=no-previous]"));
        Assert.Equal(3, firstPage.QuerySelectorAll("[data-testid=items] tr[data-item-id]").Length);
        var print = await supervisor.GetPageAsync($"/meetings/{second}/print");
        Assert.Contains("办结率 33.3%", print.QuerySelector("[data-testid=closure-line]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_demo_meeting_shows_the_earlier_demo_meetings_closure()
    {
        using var leader = app.CreateClientFor("leader");
        var latest = await app.WithDbAsync(db => db.Meetings.Where(m => m.CreatedBy == "demo").OrderByDescending(m => m.Date).Select(m => m.Id).FirstAsync());

        var page = await leader.GetPageAsync($"/meetings/{latest}");

        Assert.Contains("上次会议交办事项 5 项，已办结 2 项，办结率 40%", page.QuerySelector("[data-testid=closure-line]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2", page.QuerySelector("[data-testid=previous-closure]")!.GetAttribute("data-overdue"));
    }

    [Fact]
    public async Task An_overdue_item_raises_one_flag_that_evaluation_keeps_and_marking_done_closes()
    {
        var office = await NewOfficeAsync();
        var reporterUnit = await UnitOfAsync("reporter");
        using var supervisor = app.CreateClientFor("supervisor");
        var meeting = await CreateMeetingAsync(supervisor, office, "2026-10-15", "逾期测试会议");
        var item = await AssignAsync(supervisor, meeting, "落实资本金到位方案", reporterUnit, "2026-11-01");

        await EvaluateAsync();
        var flag = Assert.Single(await FlagsOfAsync(item));
        Assert.True(flag.IsOpen);
        Assert.Null(flag.TaskId);
        Assert.Equal(FlagRule.MeetingItemOverdue, flag.Rule);
        Assert.Equal(Light.Red, flag.Light);

        var outcome = await EvaluateAsync();
        Assert.Equal((0, 0, 0), (outcome.Opened, outcome.Refreshed, outcome.Closed));
        var again = Assert.Single(await FlagsOfAsync(item));
        Assert.Equal(flag.Version, again.Version);

        var workspace = await supervisor.GetPageAsync($"/supervision?office={office}");
        var row = workspace.QuerySelector($"tr[data-flag-id='{flag.Id}']")!;
        Assert.Contains("落实资本金到位方案", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("区发展规划和统计局", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("交办事项逾期", row.TextContent, StringComparison.Ordinal);
        var details = await supervisor.GetPageAsync($"/supervision/flags/{flag.Id}");
        Assert.Contains("落实资本金到位方案", details.QuerySelector("[data-testid=meeting-item]")!.TextContent, StringComparison.Ordinal);

        using var reporter = app.CreateClientFor("reporter");
        await reporter.SubmitFormAsync("/meetings/items", new Dictionary<string, string?> { ["Text"] = "已拨付到位" },
            $"tr[data-item-id='{item}'] form[data-testid=done-form]");

        var closed = Assert.Single(await FlagsOfAsync(item));
        Assert.False(closed.IsOpen);
        Assert.Equal(MeetingItemState.Done, (await ItemAsync(item)).State);
        await EvaluateAsync();
        Assert.Single(await FlagsOfAsync(item));
    }

    [Fact]
    public async Task A_notice_issued_from_an_item_is_addressed_to_its_assignee_unit()
    {
        var office = await NewOfficeAsync();
        var townUnit = await UnitOfAsync("town");
        using var supervisor = app.CreateClientFor("supervisor");
        var meeting = await CreateMeetingAsync(supervisor, office, "2026-10-15", "督办测试会议");
        var item = await AssignAsync(supervisor, meeting, "完成农房风貌提升招标", townUnit, "2026-11-05");
        var meetingPage = await supervisor.GetPageAsync($"/meetings/{meeting}");
        Assert.NotNull(meetingPage.QuerySelector($"tr[data-item-id='{item}'] a[data-testid=notice-link]"));

        var response = await supervisor.SubmitFormAsync($"/notices/create?item={item}", new Dictionary<string, string?> { ["Kind"] = "SupervisionNotice" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var notice = await app.WithDbAsync(db => db.Notices.AsNoTracking().SingleAsync(n => n.MeetingItemId == item));
        Assert.Equal(townUnit, notice.RecipientUnitId);
        Assert.Null(notice.TaskId);
        Assert.Contains("完成农房风貌提升招标", notice.Requirements, StringComparison.Ordinal);

        using var town = app.CreateClientFor("town");
        var noticePage = await town.GetPageAsync($"/notices/{notice.Id}");
        var chased = noticePage.QuerySelector("[data-testid=chased-item]")!.TextContent;
        Assert.Contains("完成农房风貌提升招标", chased, StringComparison.Ordinal);
        Assert.Contains("督办测试会议，2026-10-15", chased, StringComparison.Ordinal);
        Assert.Contains("2026-11-05", chased, StringComparison.Ordinal);
        using var reporter = app.CreateClientFor("reporter");
        await reporter.GetPageAsync($"/notices/create?item={item}", HttpStatusCode.Forbidden);
        await supervisor.GetPageAsync("/notices/create?item=999999", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reporters_reach_only_their_units_items_and_others_are_refused_by_the_house_rules()
    {
        var office = await NewOfficeAsync();
        var reporterUnit = await UnitOfAsync("reporter");
        var townUnit = await UnitOfAsync("town");
        using var supervisor = app.CreateClientFor("supervisor");
        var meeting = await CreateMeetingAsync(supervisor, office, "2026-11-10", "范围测试会议", minutes: "机密纪要内容");
        var own = await AssignAsync(supervisor, meeting, "本单位的事项", reporterUnit, "2026-12-10");
        var others = await AssignAsync(supervisor, meeting, "他单位的事项", townUnit, "2026-12-10");

        using var reporter = app.CreateClientFor("reporter");
        var page = await reporter.GetPageAsync($"/meetings/{meeting}");
        Assert.NotNull(page.QuerySelector($"tr[data-item-id='{own}'] form[data-testid=done-form]"));
        Assert.Null(page.QuerySelector($"tr[data-item-id='{others}']"));
        Assert.DoesNotContain("机密纪要内容", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("他单位的事项", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form[data-testid=assign-form]"));

        var token = page.AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.PostAsync($"/meetings/items/{others}/done", [new("__RequestVerificationToken", token), new("Text", "越权办结")])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.PostAsync("/meetings/items/999999/done", [new("__RequestVerificationToken", token), new("Text", "不存在")])).StatusCode);
        Assert.Equal(MeetingItemState.Open, (await ItemAsync(others)).State);

        using var town = app.CreateClientFor("town");
        var townToken = (await town.GetPageAsync("/meetings/items")).AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.NotFound, (await town.PostAsync($"/meetings/items/{own}/done", [new("__RequestVerificationToken", townToken), new("Text", "越权办结")])).StatusCode);
        Assert.Equal(MeetingItemState.Open, (await ItemAsync(own)).State);
        var townItems = await town.GetPageAsync("/meetings/items");
        Assert.NotNull(townItems.QuerySelector($"tr[data-item-id='{others}']"));
        Assert.Null(townItems.QuerySelector($"tr[data-item-id='{own}']"));

        using var reviewer = app.CreateClientFor("reviewer");
        await reviewer.GetPageAsync($"/meetings/{meeting}", HttpStatusCode.NotFound);
        await reviewer.GetPageAsync($"/meetings/{meeting}/edit", HttpStatusCode.NotFound);
        await supervisor.GetPageAsync("/meetings/999999", HttpStatusCode.NotFound);

        using var leader = app.CreateClientFor("leader");
        var leaderPage = await leader.GetPageAsync($"/meetings/{meeting}");
        Assert.Contains("机密纪要内容", leaderPage.Body!.TextContent, StringComparison.Ordinal);
        var leaderToken = leaderPage.AntiforgeryToken()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync($"/meetings/{meeting}/items", [new("__RequestVerificationToken", leaderToken), new("Content", "领导交办")])).StatusCode);
    }

    [Fact]
    public async Task A_reviewer_manages_the_own_offices_meetings_only_and_reads_plan_meetings_without_changing_them()
    {
        var reviewerOffice = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId!.Value).SingleAsync());
        var plan = await app.WithDbAsync(db => db.Tasks.Where(t => t.OfficeId == reviewerOffice).Select(t => t.PlanId).FirstAsync());
        using var supervisor = app.CreateClientFor("supervisor");
        var planMeeting = await CreateMeetingAsync(supervisor, null, "2026-11-05", "全区改革晒比会", planId: plan);
        using var reviewer = app.CreateClientFor("reviewer");

        await reviewer.GetPageAsync($"/meetings/{planMeeting}");
        await reviewer.GetPageAsync($"/meetings/{planMeeting}/edit", HttpStatusCode.Forbidden);

        var refused = await reviewer.SubmitFormAsync("/meetings/create", new Dictionary<string, string?>
        {
            ["Title"] = "越权会议", ["Date"] = "2026-11-20", ["Scope"] = $"plan:{plan}",
        }, "form[data-testid=meeting-form]");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("您只能为本专项办召开晒比会", (await refused.ReadPageAsync()).QuerySelector("[data-valmsg-for=Scope]")!.TextContent, StringComparison.Ordinal);

        var own = await CreateMeetingAsync(reviewer, reviewerOffice, "2026-11-21", "本办晒比会");
        var unit = await UnitOfAsync("town");
        var item = await AssignAsync(reviewer, own, "本办交办事项", unit, "2026-12-01");
        using var town = app.CreateClientFor("town");
        await town.SubmitFormAsync($"/meetings/{own}", new Dictionary<string, string?> { ["Text"] = "已完成" }, $"tr[data-item-id='{item}'] form[data-testid=done-form]");
        Assert.Equal(MeetingItemState.Done, (await ItemAsync(item)).State);

        var reopened = await reviewer.SubmitFormAsync($"/meetings/{own}", new Dictionary<string, string?> { ["Text"] = "核查未完成" },
            $"tr[data-item-id='{item}'] form[data-testid=reopen-form]");
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        var reopenedItem = await ItemAsync(item);
        Assert.Equal(MeetingItemState.Open, reopenedItem.State);
        Assert.Equal("核查未完成", reopenedItem.ReopenReason);
    }

    [Fact]
    public async Task Bad_items_are_refused_with_Chinese_errors_next_to_the_field_and_nothing_is_saved()
    {
        var office = await NewOfficeAsync();
        var unit = await UnitOfAsync("reporter");
        using var supervisor = app.CreateClientFor("supervisor");
        var meeting = await CreateMeetingAsync(supervisor, office, "2026-11-10", "校验测试会议");

        var missing = await supervisor.SubmitFormAsync($"/meetings/{meeting}", new Dictionary<string, string?>
        {
            ["Content"] = " ", ["AssigneeUnitId"] = unit.ToString(CultureInfo.InvariantCulture), ["Deadline"] = "2026-12-01",
        }, "form[data-testid=assign-form]");
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("请填写交办事项内容", (await missing.ReadPageAsync()).QuerySelector("[data-valmsg-for=Content]")!.TextContent, StringComparison.Ordinal);

        var early = await supervisor.SubmitFormAsync($"/meetings/{meeting}", new Dictionary<string, string?>
        {
            ["Content"] = "提前的事项", ["AssigneeUnitId"] = unit.ToString(CultureInfo.InvariantCulture), ["Deadline"] = "2026-11-09",
        }, "form[data-testid=assign-form]");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        var earlyPage = await early.ReadPageAsync();
        Assert.Contains("办理期限不能早于会议日期（2026-11-10）", earlyPage.QuerySelector("[data-valmsg-for=Deadline]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("提前的事项", earlyPage.QuerySelector("#Content")!.TextContent);

        Assert.Equal(0, await app.WithDbAsync(db => db.MeetingItems.CountAsync(i => i.MeetingId == meeting)));

        var noTitle = await supervisor.SubmitFormAsync("/meetings/create", new Dictionary<string, string?> { ["Title"] = "", ["Scope"] = "office:abc" },
            "form[data-testid=meeting-form]");
        var noTitlePage = await noTitle.ReadPageAsync();
        Assert.Contains("请填写会议名称", noTitlePage.QuerySelector("[data-valmsg-for=Title]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("请选择会议范围", noTitlePage.QuerySelector("[data-valmsg-for=Scope]")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<int> CreateMeetingAsync(HttpClient client, int? office, string date, string title, string? minutes = null, int? planId = null)
    {
        var response = await client.SubmitFormAsync("/meetings/create", new Dictionary<string, string?>
        {
            ["Title"] = title,
            ["Date"] = date,
            ["Scope"] = planId is { } plan ? $"plan:{plan}" : $"office:{office}",
            ["Attendees"] = "何建明\n区财政局",
            ["Minutes"] = minutes ?? "会议纪要",
        }, "form[data-testid=meeting-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private async Task<int> AssignAsync(HttpClient client, int meeting, string content, int unit, string deadline)
    {
        var response = await client.SubmitFormAsync($"/meetings/{meeting}", new Dictionary<string, string?>
        {
            ["Content"] = content, ["AssigneeUnitId"] = unit.ToString(CultureInfo.InvariantCulture), ["Deadline"] = deadline,
        }, "form[data-testid=assign-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.WithDbAsync(db => db.MeetingItems.Where(i => i.MeetingId == meeting && i.Content == content).Select(i => i.Id).SingleAsync());
    }

    private Task<int> NewOfficeAsync() => app.WithDbAsync(async db =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var office = new Office("测试办公室" + suffix, "测试办" + suffix, "测试", null);
        db.Offices.Add(office);
        await db.SaveChangesAsync();
        return office.Id;
    });

    private Task<int> UnitOfAsync(string userName) =>
        app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.UnitId!.Value).SingleAsync());

    private Task<List<Flag>> FlagsOfAsync(int item) => app.WithDbAsync(db => db.Flags.AsNoTracking().Where(f => f.MeetingItemId == item).ToListAsync());

    private Task<MeetingItem> ItemAsync(int item) => app.WithDbAsync(db => db.MeetingItems.AsNoTracking().SingleAsync(i => i.Id == item));

    private async Task<EvaluateMeetingItems.Outcome> EvaluateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EvaluateMeetingItems.Handler>().HandleAsync(CancellationToken.None);
    }
}
