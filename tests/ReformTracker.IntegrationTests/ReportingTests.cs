using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

public sealed class ReportingTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly YearMonth November = new(2026, 11);
    private static readonly YearMonth October = new(2026, 10);

    [Fact]
    public async Task The_inbox_lists_every_task_the_unit_leads_that_owes_a_report_this_month()
    {
        var unitId = await UnitOfAsync("reporter");
        var expected = await app.WithDbAsync(async db => (await db.Tasks.Where(t => t.LeadUnitId == unitId).ToListAsync())
            .Where(t => ReportObligation.IsDue(t, November)).Select(t => t.Code).Order().ToList());
        using var reporter = app.CreateClientFor("reporter");

        var page = await reporter.GetPageAsync("/reports/inbox");

        Assert.NotEmpty(expected);
        var rows = page.QuerySelectorAll("[data-testid=inbox] tbody tr");
        Assert.Equal(expected, rows.Select(r => r.QuerySelector("td:nth-child(2) .text-muted")!.TextContent.Trim()).Order().ToList());
        Assert.Contains("2026-11", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026/12/5", page.QuerySelector("[data-testid=cutoff]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inbox_shows_a_saved_draft_and_a_submission_at_once_although_it_is_cached()
    {
        var task = await FreeTaskAsync("reporter", 10);
        using var reporter = app.CreateClientFor("reporter");
        string StateOf(AngleSharp.Html.Dom.IHtmlDocument inbox) =>
            inbox.QuerySelector($"[data-testid=inbox] tr[data-task='{task.Id}'] [data-testid=state]")!.TextContent.Trim();
        Assert.Equal("未填", StateOf(await reporter.GetPageAsync("/reports/inbox")));

        using var draft = await reporter.SubmitFormAsync($"/tasks/{task.Id}/reports/{November}", new Dictionary<string, string?> { ["Achievement"] = "缓存测试", ["PercentComplete"] = "30", ["Intent"] = "save" }, "#report-form");
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Equal("草稿", StateOf(await reporter.GetPageAsync("/reports/inbox")));

        using var submitted = await reporter.SubmitFormAsync($"/tasks/{task.Id}/reports/{November}", new Dictionary<string, string?> { ["Intent"] = "submit" }, "#report-form");
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal("已提交", StateOf(await reporter.GetPageAsync("/reports/inbox")));
    }

    [Fact]
    public async Task A_reporter_lands_on_the_inbox()
    {
        using var reporter = app.CreateClientFor("reporter");

        using var home = await reporter.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/reports/inbox", home.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_draft_saves_whatever_was_typed_but_submitting_needs_the_achievement()
    {
        var task = await FreeTaskAsync("reporter", 0);
        using var reporter = app.CreateClientFor("reporter");
        var url = $"/tasks/{task.Id}/reports/{November}";

        using var draft = await reporter.SubmitFormAsync(url, new Dictionary<string, string?> { ["Achievement"] = "", ["Problems[0].Description"] = "只写了一半的问题", ["Intent"] = "save" }, "#report-form");
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var saved = await ReportAsync(task.Id, November);
        Assert.Equal(ReportStatus.Draft, saved!.Status);
        Assert.Equal("只写了一半的问题", Assert.Single(saved.Problems).Description);

        using var submit = await reporter.SubmitFormAsync(url, new Dictionary<string, string?> { ["Intent"] = "submit" }, "#report-form");

        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        var page = await submit.ReadPageAsync();
        Assert.Contains("提交前请填写本月实现情况", page.QuerySelector("[data-valmsg-for=Achievement]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("请填写具体措施", page.QuerySelector("[data-valmsg-for='Problems[0].Measure']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ReportStatus.Draft, (await ReportAsync(task.Id, November))!.Status);
    }

    [Fact]
    public async Task Bad_input_gets_a_Chinese_message_where_it_belongs_and_nothing_is_saved()
    {
        var task = await FreeTaskAsync("reporter", 1);
        using var reporter = app.CreateClientFor("reporter");
        var url = $"/tasks/{task.Id}/reports/{November}";

        using var response = await reporter.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Achievement"] = "完成了一些工作",
            ["PercentComplete"] = "101",
            ["InvestmentThisMonth"] = "-5",
            ["Intent"] = "submit",
        }, "#report-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("完成进度须在 0 到 100 之间", page.QuerySelector("[data-valmsg-for=PercentComplete]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("本月完成投资不能为负数", page.QuerySelector("[data-valmsg-for=InvestmentThisMonth]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("完成了一些工作", page.QuerySelector("#Achievement")!.TextContent);
        Assert.Null(await ReportAsync(task.Id, November));
    }

    [Fact]
    public async Task A_lower_percent_than_last_accepted_month_needs_a_reason()
    {
        var task = await app.WithDbAsync(async db =>
        {
            var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            return await db.Tasks.Where(t => t.LeadUnitId == unitId && t.PercentComplete > 10
                    && db.Reports.Any(r => r.TaskId == t.Id && r.Period == October && r.Status == ReportStatus.Accepted)
                    && !db.Reports.Any(r => r.TaskId == t.Id && r.Period == November))
                .OrderBy(t => t.Id).FirstAsync();
        });
        using var reporter = app.CreateClientFor("reporter");
        var url = $"/tasks/{task.Id}/reports/{November}";

        using var response = await reporter.SubmitFormAsync(url, new Dictionary<string, string?> { ["Achievement"] = "重新核定进度", ["PercentComplete"] = "5", ["Intent"] = "submit" }, "#report-form");

        var page = await response.ReadPageAsync();
        Assert.Contains("请说明原因", page.QuerySelector("[data-valmsg-for=PercentDecreaseReason]")!.TextContent, StringComparison.Ordinal);

        using var withReason = await reporter.SubmitFormAsync(url, new Dictionary<string, string?> { ["Achievement"] = "重新核定进度", ["PercentComplete"] = "5", ["PercentDecreaseReason"] = "原进度含未验收工程量", ["Intent"] = "submit" }, "#report-form");
        Assert.Equal(HttpStatusCode.Redirect, withReason.StatusCode);
        Assert.Equal(ReportStatus.Submitted, (await ReportAsync(task.Id, November))!.Status);
    }

    [Fact]
    public async Task A_future_month_is_refused_with_a_message_and_nothing_is_saved()
    {
        var task = await FreeTaskAsync("reporter", 2);
        using var reporter = app.CreateClientFor("reporter");
        var token = (await reporter.GetPageAsync("/reports/inbox")).AntiforgeryToken()!;

        using var get = await reporter.GetAsync(new Uri($"/tasks/{task.Id}/reports/2026-12", UriKind.Relative));
        using var post = await reporter.PostAsync($"/tasks/{task.Id}/reports/2026-12", [new("__RequestVerificationToken", token), new("Achievement", "提前填报"), new("FormToken", Guid.NewGuid().ToString()), new("Intent", "save")]);

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("尚未开始填报", (await post.ReadPageAsync()).QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await ReportAsync(task.Id, new YearMonth(2026, 12)));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("abcd-ef")]
    public async Task Malformed_periods_answer_404(string period)
    {
        var task = await FreeTaskAsync("reporter", 0);
        using var reporter = app.CreateClientFor("reporter");

        using var response = await reporter.GetAsync(new Uri($"/tasks/{task.Id}/reports/{period}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Another_units_task_is_404_and_a_task_the_unit_only_cooperates_on_is_403()
    {
        var unitId = await UnitOfAsync("reporter");
        var (foreign, cooperating) = await app.WithDbAsync(async db => (
            await db.Tasks.Where(t => t.LeadUnitId != unitId && !t.Cooperations.Any(c => c.UnitId == unitId)).Select(t => t.Id).FirstAsync(),
            await db.Tasks.Where(t => t.LeadUnitId != unitId && t.Cooperations.Any(c => c.UnitId == unitId)).Select(t => (int?)t.Id).FirstOrDefaultAsync()));
        using var reporter = app.CreateClientFor("reporter");
        var token = (await reporter.GetPageAsync("/reports/inbox")).AntiforgeryToken()!;

        using var get = await reporter.GetAsync(new Uri($"/tasks/{foreign}/reports/{November}", UriKind.Relative));
        using var post = await reporter.PostAsync($"/tasks/{foreign}/reports/{November}", [new("__RequestVerificationToken", token), new("Achievement", "越权"), new("Intent", "submit")]);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null(await ReportAsync(foreign, November));
        if (cooperating is { } id)
        {
            using var coop = await reporter.GetAsync(new Uri($"/tasks/{id}/reports/{November}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, coop.StatusCode);
        }
    }

    [Fact]
    public async Task The_same_submission_posted_twice_creates_one_report()
    {
        var task = await FreeTaskAsync("reporter", 3);
        using var reporter = app.CreateClientFor("reporter");
        var url = $"/tasks/{task.Id}/reports/{November}";
        var page = await reporter.GetPageAsync(url);
        var fields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#report-form")!)
            .Where(f => f.Key is not "Achievement" and not "Intent")
            .Append(new("Achievement", "双击提交"))
            .Append(new("PercentComplete", "30"))
            .Append(new("Intent", "submit"))
            .ToList();

        using var first = await reporter.PostAsync(url, fields);
        using var second = await reporter.PostAsync(url, fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Reports.CountAsync(r => r.TaskId == task.Id && r.Period == November)));
        Assert.Equal(ReportStatus.Submitted, (await ReportAsync(task.Id, November))!.Status);
    }

    [Fact]
    public async Task Twenty_parallel_saves_of_one_draft_let_exactly_one_win_and_show_the_rest_the_conflict()
    {
        var task = await FreeTaskAsync("reporter", 4);
        using var reporter = app.CreateClientFor("reporter");
        var url = $"/tasks/{task.Id}/reports/{November}";
        using var created = await reporter.SubmitFormAsync(url, new Dictionary<string, string?> { ["Achievement"] = "初稿", ["Intent"] = "save" }, "#report-form");
        var page = await reporter.GetPageAsync(url);
        var baseFields = Html.FormFields((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#report-form")!)
            .Where(f => f.Key is not "Achievement" and not "Intent" and not "FormToken").ToList();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var fields = baseFields.Append(new("Achievement", $"并发保存-{i}")).Append(new("FormToken", Guid.NewGuid().ToString())).Append(new("Intent", "save")).ToList();
            using var response = await reporter.PostAsync(url, fields);
            return (Index: i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.Redirect).ToList();
        var winner = Assert.Single(winners);
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.Redirect).ToList();
        Assert.Equal(19, losers.Count);
        Assert.All(losers, l =>
        {
            Assert.Equal(HttpStatusCode.OK, l.StatusCode);
            Assert.Contains("data-testid=\"conflict\"", l.Body, StringComparison.Ordinal);
            Assert.Contains($"并发保存-{l.Index}", l.Body, StringComparison.Ordinal);
        });
        Assert.Equal($"并发保存-{winner.Index}", (await ReportAsync(task.Id, November))!.Achievement);
    }

    [Fact]
    public async Task Carrying_last_month_forward_makes_a_draft_and_never_submits()
    {
        var task = await app.WithDbAsync(async db =>
        {
            var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            return await db.Tasks.Where(t => t.LeadUnitId == unitId
                    && db.Reports.Any(r => r.TaskId == t.Id && r.Period == October)
                    && !db.Reports.Any(r => r.TaskId == t.Id && r.Period == November))
                .OrderByDescending(t => t.Id).FirstAsync();
        });
        var october = (await ReportAsync(task.Id, October))!;
        using var reporter = app.CreateClientFor("reporter");

        using var carried = await reporter.ClickButtonAsync("/reports/inbox", $"[data-testid=inbox] button[formaction='/tasks/{task.Id}/reports/{November}/carry-forward']");
        using var again = await reporter.SubmitFormAsync($"/tasks/{task.Id}/reports/{November}", new Dictionary<string, string?>(), "#report-form");

        Assert.Equal(HttpStatusCode.Redirect, carried.StatusCode);
        var draft = (await ReportAsync(task.Id, November))!;
        Assert.Equal(october.Achievement, draft.Achievement);
        Assert.Equal(october.PercentComplete, draft.PercentComplete);
        Assert.Equal(ReportStatus.Draft, draft.Status);
    }

    [Fact]
    public async Task Ticked_tasks_are_carried_forward_and_ticked_drafts_submitted_with_the_inbox_buttons()
    {
        var carry = await app.WithDbAsync(async db =>
        {
            var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            return await db.Tasks.Where(t => t.LeadUnitId == unitId
                    && db.Reports.Any(r => r.TaskId == t.Id && r.Period == October)
                    && !db.Reports.Any(r => r.TaskId == t.Id && r.Period == November))
                .OrderBy(t => t.Id).FirstAsync();
        });
        var draft = await FreeTaskAsync("reporter", 4);
        using var reporter = app.CreateClientFor("reporter");
        using (var saved = await reporter.SubmitFormAsync($"/tasks/{draft.Id}/reports/{November}", new Dictionary<string, string?> { ["Achievement"] = "批量提交", ["PercentComplete"] = "40", ["Intent"] = "save" }, "#report-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var draftId = (await ReportAsync(draft.Id, November))!.Id;
        var page = await reporter.GetPageAsync("/reports/inbox");
        ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector($"[data-testid=inbox] input[form=carry-many][value='{carry.Id}']")!).IsChecked = true;
        using var carried = await reporter.ClickButtonAsync(page, "#carry-many button");
        page = await reporter.GetPageAsync("/reports/inbox");
        ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector($"[data-testid=inbox] input[form=submit-many][value='{draftId}']")!).IsChecked = true;
        using var submitted = await reporter.ClickButtonAsync(page, "#submit-many button");

        Assert.Equal(HttpStatusCode.Redirect, carried.StatusCode);
        Assert.Equal(ReportStatus.Draft, (await ReportAsync(carry.Id, November))!.Status);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(ReportStatus.Submitted, (await ReportAsync(draft.Id, November))!.Status);
    }

    [Fact]
    public async Task Each_unit_sees_its_own_inbox_rows_although_they_are_rendered_once_and_kept()
    {
        var own = await FreeTaskAsync("reporter", 6);
        var other = await FreeTaskAsync("town", 8);
        using var reporter = app.CreateClientFor("reporter");
        using var town = app.CreateClientFor("town");
        static List<string> Rows(AngleSharp.Html.Dom.IHtmlDocument inbox) =>
            inbox.QuerySelectorAll("[data-testid=inbox] tbody tr").Select(r => r.GetAttribute("data-task")!).ToList();

        var first = await reporter.GetPageAsync("/reports/inbox");
        var second = await town.GetPageAsync("/reports/inbox");
        var again = await reporter.GetPageAsync("/reports/inbox");

        Assert.Contains(own.Id.ToString(CultureInfo.InvariantCulture), Rows(first));
        Assert.DoesNotContain(other.Id.ToString(CultureInfo.InvariantCulture), Rows(first));
        Assert.Contains(other.Id.ToString(CultureInfo.InvariantCulture), Rows(second));
        Assert.DoesNotContain(own.Id.ToString(CultureInfo.InvariantCulture), Rows(second));
        Assert.Equal(Rows(first), Rows(again));
    }

    [Fact]
    public async Task Submitting_from_the_inbox_applies_the_same_checks_as_the_form()
    {
        var complete = await FreeTaskAsync("reporter", 6);
        var incomplete = await FreeTaskAsync("reporter", 8);
        using var reporter = app.CreateClientFor("reporter");
        using var a = await reporter.SubmitFormAsync($"/tasks/{complete.Id}/reports/{November}", new Dictionary<string, string?> { ["Achievement"] = "完成全部整改", ["Intent"] = "save" }, "#report-form");
        using var b = await reporter.SubmitFormAsync($"/tasks/{incomplete.Id}/reports/{November}", new Dictionary<string, string?>
        {
            ["Achievement"] = "有一条问题只写了一半",
            ["Problems[0].Description"] = "资金未到位",
            ["Intent"] = "save",
        }, "#report-form");
        var ids = await app.WithDbAsync(db => db.Reports.Where(r => (r.TaskId == complete.Id || r.TaskId == incomplete.Id) && r.Period == November).Select(r => r.Id).ToListAsync());
        var token = (await reporter.GetPageAsync("/reports/inbox")).AntiforgeryToken()!;

        using var submitted = await reporter.PostAsync("/reports/inbox/submit", ids.Select(id => new KeyValuePair<string, string>("reportIds", id.ToString())).Append(new("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(ReportStatus.Submitted, (await ReportAsync(complete.Id, November))!.Status);
        Assert.Equal(ReportStatus.Draft, (await ReportAsync(incomplete.Id, November))!.Status);
        var inbox = await reporter.GetPageAsync("/reports/inbox");
        Assert.Contains("请填写具体措施", inbox.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submitted_report_can_be_withdrawn_before_review()
    {
        var task = await FreeTaskAsync("reporter", 5);
        using var reporter = app.CreateClientFor("reporter");
        var url = $"/tasks/{task.Id}/reports/{November}";
        using var submitted = await reporter.SubmitFormAsync(url, new Dictionary<string, string?> { ["Achievement"] = "已完成方案", ["Intent"] = "submit" }, "#report-form");
        var report = (await ReportAsync(task.Id, November))!;

        using var withdrawn = await reporter.SubmitFormAsync(url, new Dictionary<string, string?>(), $"form[action='/reports/{report.Id}/withdraw']");

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(ReportStatus.Draft, (await ReportAsync(task.Id, November))!.Status);
    }

    [Fact]
    public async Task An_accepted_report_is_corrected_by_an_amendment_that_keeps_the_original()
    {
        var unitId = await UnitOfAsync("reporter");
        var report = await app.WithDbAsync(db => db.Reports.Where(r => r.UnitId == unitId && r.Status == ReportStatus.Accepted && r.Period == October).OrderBy(r => r.Id).FirstAsync());
        using var reporter = app.CreateClientFor("reporter");

        using var amended = await reporter.SubmitFormAsync($"/reports/{report.Id}/amend", new Dictionary<string, string?>
        {
            ["Reason"] = "统计口径调整",
            ["CorrectedAchievement"] = "更正后的实现情况",
            ["CorrectedPercent"] = report.PercentComplete.ToString(),
        });

        Assert.Equal(HttpStatusCode.Redirect, amended.StatusCode);
        var stored = await app.WithDbAsync(db => db.Reports.Include(r => r.Amendments).SingleAsync(r => r.Id == report.Id));
        Assert.Equal(report.Achievement, stored.Achievement);
        Assert.Equal("统计口径调整", Assert.Single(stored.Amendments).Reason);
        var detail = await reporter.GetPageAsync($"/tasks/{report.TaskId}");
        Assert.Contains("更正后的实现情况", detail.QuerySelector("[data-testid=amendment]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(report.Achievement[..10], detail.QuerySelector("[data-testid=reports]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cooperating_units_feedback_shows_on_the_lead_units_form()
    {
        var (taskId, coopUnit) = await app.WithDbAsync(async db =>
        {
            var unitId = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            var task = await db.Tasks.Include(t => t.Cooperations).Where(t => t.LeadUnitId == unitId && t.Cooperations.Any()).OrderBy(t => t.Id).FirstAsync();
            return (task.Id, task.Cooperations[0].UnitId);
        });
        var userName = $"coop{Guid.NewGuid():N}"[..12];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "配合单位填报员", Role = Roles.Reporter, UnitId = coopUnit }, TestApp.DemoPassword);
        }
        using var cooperating = app.CreateClientFor(userName);

        using var saved = await cooperating.SubmitFormAsync($"/tasks/{taskId}/feedback/{November}", new Dictionary<string, string?> { ["Text"] = "已完成配合的数据核对工作" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var reporter = app.CreateClientFor("reporter");
        var form = await reporter.GetPageAsync($"/tasks/{taskId}/reports/{November}");
        Assert.Contains("已完成配合的数据核对工作", form.QuerySelector("[data-testid=cooperation-feedback]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaders_and_reviewers_cannot_file_reports()
    {
        var task = await FreeTaskAsync("reporter", 0);
        foreach (var user in new[] { "leader", "reviewer", "supervisor", "admin" })
        {
            using var client = app.CreateClientFor(user);
            using var inbox = await client.GetAsync(new Uri("/reports/inbox", UriKind.Relative));
            using var form = await client.GetAsync(new Uri($"/tasks/{task.Id}/reports/{November}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, inbox.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        }
    }

    private Task<int?> UnitOfAsync(string userName) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.UnitId).SingleAsync());

    /// <summary>A fresh task led by the user's unit, so each test owns its reports.</summary>
    private Task<ReformTask> FreeTaskAsync(string userName, int variant) => app.WithDbAsync(async db =>
    {
        var unitId = await db.Users.Where(u => u.UserName == userName).Select(u => u.UnitId!.Value).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var office = await db.Offices.OrderBy(o => o.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"T{variant}-{Guid.NewGuid():N}"[..20], "测试月报任务", "内容", "目标", "标准", area.Id, office.Id, unitId, null,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal,
            variant % 2 == 1 ? new KeyProjectFacts(1000, 500, ConstructionState.Started) : null), []);
        task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    });

    private Task<MonthlyReport?> ReportAsync(int taskId, YearMonth period) =>
        app.WithDbAsync(db => db.Reports.AsNoTracking().Include(r => r.Problems).SingleOrDefaultAsync(r => r.TaskId == taskId && r.Period == period));
}
