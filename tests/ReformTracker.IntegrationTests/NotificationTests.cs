using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Notices;
using ReformTracker.Web.Features.Notifications;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// Each event notifies exactly the right users, in the same save as the event; only the recipient reads a notification.
/// Besides the demo accounts the reporter's unit has a second reporter and a disabled one, so "the unit's users" is tested
/// against more than one person and against someone who must never be notified.
/// </summary>
public sealed class NotificationTests(TestApp app) : IClassFixture<TestApp>
{
    private const string SecondReporter = "reporter-b";
    private const string DisabledReporter = "reporter-off";

    [Fact]
    public async Task Issuing_a_notice_notifies_the_recipient_units_reporters_and_nobody_else()
    {
        await EnsureUsersAsync();
        var taskId = await NewTaskAsync(new DateOnly(2026, 12, 31));
        var since = await LastIdAsync();
        using var supervisor = app.CreateClientFor("supervisor");

        var response = await supervisor.SubmitFormAsync($"/notices/create?task={taskId}", new Dictionary<string, string?>
        {
            ["Kind"] = "Rectification", ["Requirements"] = "请于月底前完成征地补偿方案并书面反馈", ["Deadline"] = "2026-12-15",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var noticeId = int.Parse(response.Headers.Location!.OriginalString["/notices/".Length..], CultureInfo.InvariantCulture);
        var created = await SinceAsync(since);
        Assert.Equal(["reporter", SecondReporter], created.Select(n => n.UserName).Order(StringComparer.Ordinal));
        Assert.All(created, n =>
        {
            Assert.Equal(NotificationKind.NoticeReceived, n.Kind);
            Assert.Equal(noticeId, n.NoticeId);
            Assert.StartsWith("收到整改通知 整改〔2026〕", n.Title, StringComparison.Ordinal);
            Assert.Contains("2026-12-15", n.Body, StringComparison.Ordinal);
            Assert.Null(n.ReadAtUtc);
        });
    }

    [Fact]
    public async Task Returning_a_report_notifies_its_submitter_or_the_units_reporters_when_the_submitter_is_gone()
    {
        await EnsureUsersAsync();
        var taskId = await NewTaskAsync(new DateOnly(2026, 12, 31));
        var bySecond = await SubmittedReportAsync(taskId, new YearMonth(2026, 9), SecondReporter);
        var byGone = await SubmittedReportAsync(taskId, new YearMonth(2026, 10), DisabledReporter);
        using var reviewer = app.CreateClientFor("reviewer");

        var since = await LastIdAsync();
        await ReturnAsync(reviewer, bySecond, "投资完成额与财务数据不一致");
        var toSubmitter = Assert.Single(await SinceAsync(since));
        Assert.Equal(SecondReporter, toSubmitter.UserName);
        Assert.Equal(NotificationKind.ReportReturned, toSubmitter.Kind);
        Assert.Equal($"/tasks/{taskId}/reports/2026-09", toSubmitter.Link);
        Assert.Contains("投资完成额与财务数据不一致", toSubmitter.Body, StringComparison.Ordinal);

        since = await LastIdAsync();
        await ReturnAsync(reviewer, byGone, "请补充佐证材料");
        var toUnit = await SinceAsync(since);
        Assert.Equal(["reporter", SecondReporter], toUnit.Select(n => n.UserName).Order(StringComparer.Ordinal));
        Assert.All(toUnit, n => Assert.Equal($"/tasks/{taskId}/reports/2026-10", n.Link));
    }

    [Fact]
    public async Task Deciding_an_extension_notifies_only_the_user_who_asked()
    {
        await EnsureUsersAsync();
        var taskId = await NewTaskAsync(new DateOnly(2026, 12, 31));
        using var asker = app.CreateClientFor(SecondReporter);
        using var reviewer = app.CreateClientFor("reviewer");
        var asked = await asker.SubmitFormAsync($"/tasks/{taskId}/extension",
            new Dictionary<string, string?> { ["ProposedDueDate"] = "2027-02-28", ["Reason"] = "征地手续尚未办结" }, "form[data-testid=extension-form]");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var requestId = await app.WithDbAsync(db => db.ExtensionRequests.Where(e => e.TaskId == taskId).Select(e => e.Id).SingleAsync());
        var since = await LastIdAsync();
        var bellBefore = BellCount(await asker.GetPageAsync("/extensions"));

        var decided = await reviewer.SubmitFormAsync("/extensions", new Dictionary<string, string?> { ["Reason"] = "同意延期" },
            $"[data-extension-id='{requestId}'] form[data-testid=approve-form]");

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var notification = Assert.Single(await SinceAsync(since));
        Assert.Equal(SecondReporter, notification.UserName);
        Assert.Equal(NotificationKind.ExtensionDecided, notification.Kind);
        Assert.Equal("延期申请已批准", notification.Title);
        Assert.Contains("2027-02-28", notification.Body, StringComparison.Ordinal);
        Assert.Equal($"/tasks/{taskId}/extension", notification.Link);

        // The bell is kept briefly per user, but a new notification shows on the asker's very next page.
        Assert.Equal(bellBefore + 1, BellCount(await asker.GetPageAsync("/extensions")));
    }

    private static int BellCount(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("[data-testid=bell-count]") is { } badge ? int.Parse(badge.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task A_flag_opening_on_a_task_notifies_its_lead_units_reporters_once()
    {
        await EnsureUsersAsync();
        var taskId = await NewTaskAsync(new DateOnly(2026, 11, 1));
        var since = await LastIdAsync();

        await EvaluateAsync(taskId);
        var created = await SinceAsync(since);
        Assert.Equal(["reporter", SecondReporter], created.Select(n => n.UserName).Order(StringComparer.Ordinal));
        Assert.All(created, n =>
        {
            Assert.Equal(NotificationKind.FlagRaised, n.Kind);
            Assert.Equal($"/tasks/{taskId}", n.Link);
        });

        var again = await LastIdAsync();
        await EvaluateAsync(taskId);
        Assert.Empty(await SinceAsync(again));
    }

    [Fact]
    public async Task Each_rung_of_the_ladder_notifies_the_unit_and_an_escalation_also_the_issuing_office()
    {
        await EnsureUsersAsync();
        var bySupervisor = await NoticeAsync(issuedByOffice: false, deadline: new DateOnly(2026, 11, 30));
        var byOffice = await NoticeAsync(issuedByOffice: true, deadline: new DateOnly(2026, 11, 30));
        try
        {
            var since = await LastIdAsync();
            await LadderAsync();
            var reminders = (await SinceAsync(since)).Where(n => n.NoticeId == bySupervisor || n.NoticeId == byOffice).ToList();
            Assert.Equal(4, reminders.Count);
            Assert.All(reminders, n => Assert.Equal(NotificationKind.NoticeReminder, n.Kind));
            Assert.Equal(["reporter", "reporter", SecondReporter, SecondReporter], reminders.Select(n => n.UserName).Order(StringComparer.Ordinal));

            app.Clock.Now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));
            since = await LastIdAsync();
            await LadderAsync();
            var escalatedFromSupervisor = await EscalatedFromAsync(bySupervisor);
            var escalatedFromOffice = await EscalatedFromAsync(byOffice);
            var escalations = await SinceAsync(since);
            Assert.All(escalations.Where(n => n.NoticeId == escalatedFromSupervisor || n.NoticeId == escalatedFromOffice),
                n => Assert.Equal(NotificationKind.NoticeEscalated, n.Kind));
            Assert.Equal(["reporter", SecondReporter, "supervisor"],
                escalations.Where(n => n.NoticeId == escalatedFromSupervisor).Select(n => n.UserName).Order(StringComparer.Ordinal));
            Assert.Equal(["reporter", SecondReporter, "reviewer"],
                escalations.Where(n => n.NoticeId == escalatedFromOffice).Select(n => n.UserName).Order(StringComparer.Ordinal));

            app.Clock.Now = new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(8));
            since = await LastIdAsync();
            await LadderAsync();
            var listed = (await SinceAsync(since)).Where(n => n.NoticeId == escalatedFromSupervisor).ToList();
            Assert.Equal(["reporter", SecondReporter], listed.Select(n => n.UserName).Order(StringComparer.Ordinal));
            Assert.All(listed, n => Assert.Equal(NotificationKind.NoticeListedInBulletin, n.Kind));
            Assert.All(listed, n => Assert.Contains("2026年第4季度", n.Body, StringComparison.Ordinal));
        }
        finally
        {
            app.Clock.Now = TestClock.Default;
        }
    }

    [Fact]
    public async Task The_due_reminder_scan_notifies_each_unanswered_notice_due_within_two_days_once()
    {
        await EnsureUsersAsync();
        var dueSoon = await NoticeAsync(issuedByOffice: true, deadline: new DateOnly(2026, 11, 25));
        var dueLater = await NoticeAsync(issuedByOffice: true, deadline: new DateOnly(2026, 11, 26));
        var answered = await NoticeAsync(issuedByOffice: true, deadline: new DateOnly(2026, 11, 24), responded: true);
        try
        {
            var since = await LastIdAsync();
            await ScanAsync();
            await ScanAsync();
            var first = (await SinceAsync(since)).Where(n => n.NoticeId is { } id && (id == dueSoon || id == dueLater || id == answered)).ToList();
            Assert.Equal(["reporter", SecondReporter], first.Select(n => n.UserName).Order(StringComparer.Ordinal));
            Assert.All(first, n =>
            {
                Assert.Equal(dueSoon, n.NoticeId);
                Assert.Equal(NotificationKind.NoticeDueSoon, n.Kind);
                Assert.Contains("2 天后到期", n.Title, StringComparison.Ordinal);
            });

            // The next day the later notice comes due; the first one is not reminded again.
            app.Clock.Now = TestClock.Default.AddDays(1);
            since = await LastIdAsync();
            await ScanAsync();
            await ScanAsync();
            var second = (await SinceAsync(since)).Where(n => n.NoticeId is { } id && (id == dueSoon || id == dueLater || id == answered)).ToList();
            Assert.Equal(2, second.Count);
            Assert.All(second, n => Assert.Equal(dueLater, n.NoticeId));
        }
        finally
        {
            app.Clock.Now = TestClock.Default;
        }
    }

    [Fact]
    public async Task Opening_a_notification_marks_it_read_and_leads_to_its_object_and_the_bell_counts_down()
    {
        var user = await NewUserAsync($"n{Guid.NewGuid():N}"[..10], Roles.Leader);
        var taskId = await NewTaskAsync(new DateOnly(2026, 12, 31));
        var ids = await NotifyAsync(user, 3, $"/tasks/{taskId}");
        using var client = app.CreateClientFor(user);

        var list = await client.GetPageAsync("/notifications");
        Assert.Equal("3", list.QuerySelector("[data-testid=bell-count]")!.TextContent.Trim());
        var rows = list.QuerySelectorAll("[data-testid=notification]");
        Assert.Equal(ids.AsEnumerable().Reverse().Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r.GetAttribute("data-notification-id")));
        Assert.All(rows, r => Assert.Equal("false", r.GetAttribute("data-read")));

        using var opened = await client.GetAsync(new Uri($"/notifications/{ids[0]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/tasks/{taskId}", opened.Headers.Location!.OriginalString);
        Assert.NotNull(await ReadAtAsync(ids[0]));

        var marked = await client.SubmitFormAsync("/notifications", new Dictionary<string, string?>(),
            $"[data-notification-id='{ids[1]}'] form[data-testid=mark-read-form]");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.NotNull(await ReadAtAsync(ids[1]));
        Assert.Null(await ReadAtAsync(ids[2]));
        var page = await client.GetPageAsync("/notifications");
        Assert.Equal("1", page.QuerySelector("[data-testid=bell-count]")!.TextContent.Trim());
        Assert.Single(page.QuerySelectorAll("[data-testid=notification][data-read=false]"));
        Assert.Single((await client.GetPageAsync("/notifications?unread=true")).QuerySelectorAll("[data-testid=notification]"));

        var all = await client.SubmitFormAsync("/notifications", new Dictionary<string, string?>(), "form[data-testid=read-all-form]");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        foreach (var id in ids)
        {
            Assert.NotNull(await ReadAtAsync(id));
        }

        var after = await client.GetPageAsync("/notifications");
        Assert.Null(after.QuerySelector("[data-testid=bell-count]"));
        Assert.NotNull(after.QuerySelector("[data-testid=bell]"));
        Assert.Null(after.QuerySelector("form[data-testid=read-all-form]"));
    }

    [Fact]
    public async Task The_list_pages_newest_first_and_a_wild_page_number_still_answers()
    {
        var user = await NewUserAsync($"p{Guid.NewGuid():N}"[..10], Roles.Leader);
        var ids = await NotifyAsync(user, 23, "/tasks");
        using var client = app.CreateClientFor(user);

        var first = await client.GetPageAsync("/notifications");
        Assert.Equal(20, first.QuerySelectorAll("[data-testid=notification]").Length);
        Assert.Equal(ids[^1].ToString(CultureInfo.InvariantCulture), first.QuerySelector("[data-testid=notification]")!.GetAttribute("data-notification-id"));
        var second = await client.GetPageAsync("/notifications?page=2");
        Assert.Equal(3, second.QuerySelectorAll("[data-testid=notification]").Length);
        Assert.Equal(20, (await client.GetPageAsync("/notifications?page=abc&unread=maybe")).QuerySelectorAll("[data-testid=notification]").Length);
        Assert.Equal(3, (await client.GetPageAsync("/notifications?page=999")).QuerySelectorAll("[data-testid=notification]").Length);
        Assert.NotNull(first.QuerySelector("a[rel=next][href='/notifications?page=2']"));
    }

    [Fact]
    public async Task Another_users_notification_answers_404_to_opening_and_marking_and_stays_unread()
    {
        var owner = await NewUserAsync($"o{Guid.NewGuid():N}"[..10], Roles.Leader);
        var id = (await NotifyAsync(owner, 1, "/tasks", title: "只给本人看的通知"))[0];

        foreach (var other in new[] { "reporter", "supervisor", "admin", "auditor" })
        {
            using var client = app.CreateClientFor(other);
            using var open = await client.GetAsync(new Uri($"/notifications/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
            var list = await client.GetPageAsync("/notifications");
            Assert.DoesNotContain("只给本人看的通知", list.Body!.TextContent, StringComparison.Ordinal);
            using var mark = await client.PostAsync($"/notifications/{id}/read", [new("__RequestVerificationToken", list.AntiforgeryToken()!)]);
            Assert.Equal(HttpStatusCode.NotFound, mark.StatusCode);
        }

        Assert.Null(await ReadAtAsync(id));
        using var withoutToken = app.CreateClientFor(owner);
        using var forged = await withoutToken.PostAsync($"/notifications/{id}/read", []);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(await ReadAtAsync(id));
    }

    [Fact]
    public async Task A_user_sets_and_clears_their_own_e_mail_address_and_bad_input_gets_a_chinese_error_beside_the_field()
    {
        var user = await NewUserAsync($"e{Guid.NewGuid():N}"[..10], Roles.Leader);
        using var client = app.CreateClientFor(user);

        foreach (var bad in new[] { "zhangsan", "张三@", "a@b", "a b@gaoming.gov.cn", "张三 <zs@gaoming.gov.cn>", "a@gaoming.gov.cn;b@gaoming.gov.cn", new string('a', 250) + "@gaoming.gov.cn" })
        {
            var refused = await client.SubmitFormAsync("/account/email", new Dictionary<string, string?> { ["Email"] = bad });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = await refused.ReadPageAsync();
            Assert.NotNull(page.QuerySelector("input[name=Email].is-invalid"));
            var message = page.QuerySelector("input[name=Email] ~ .invalid-feedback")!.TextContent;
            Assert.True(message.Contains("请输入有效的电子邮箱地址", StringComparison.Ordinal) || message.Contains("不能超过 256 个字符", StringComparison.Ordinal), message);
            Assert.Null(await EmailOfAsync(user));
        }

        var saved = await client.SubmitFormAsync("/account/email", new Dictionary<string, string?> { ["Email"] = " zhang.san@gaoming.gov.cn " });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("zhang.san@gaoming.gov.cn", await EmailOfAsync(user));
        Assert.Equal("zhang.san@gaoming.gov.cn", ((AngleSharp.Html.Dom.IHtmlInputElement)(await client.GetPageAsync("/account/email")).QuerySelector("input[name=Email]")!).Value);

        // The session survives the change (no new security stamp) and the change is in the audit trail.
        await client.GetPageAsync("/notifications");
        Assert.True(await app.WithDbAsync(db => db.AuditRecords.AnyAsync(r => r.EntityType == "AppUser" && r.Changes.Contains("zhang.san@gaoming.gov.cn"))));

        var cleared = await client.SubmitFormAsync("/account/email", new Dictionary<string, string?> { ["Email"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Null(await EmailOfAsync(user));
    }

    [Fact]
    public async Task Without_mail_configured_notifications_want_no_e_mail_and_the_dispatcher_sends_nothing()
    {
        await EnsureUsersAsync();
        var taskId = await NewTaskAsync(new DateOnly(2026, 11, 1));
        var since = await LastIdAsync();
        await EvaluateAsync(taskId);

        Assert.All(await SinceAsync(since), n => Assert.Equal(EmailDelivery.None, n.EmailState));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(new DispatchEmails.Outcome(0, 0, 0), await scope.ServiceProvider.GetRequiredService<DispatchEmails.Handler>().HandleAsync(CancellationToken.None));
    }

    internal sealed record Created(int Id, string UserName, NotificationKind Kind, string Title, string Body, string? Link, int? NoticeId, DateTime? ReadAtUtc, EmailDelivery EmailState);

    private Task<int> LastIdAsync() => app.WithDbAsync(async db => await db.Notifications.MaxAsync(n => (int?)n.Id) ?? 0);

    private Task<List<Created>> SinceAsync(int lastId) => app.WithDbAsync(db => (
        from n in db.Notifications.AsNoTracking()
        join u in db.Users on n.RecipientUserId equals u.Id
        where n.Id > lastId
        orderby n.Id
        select new Created(n.Id, u.UserName!, n.Kind, n.Title, n.Body, n.Link, n.NoticeId, n.ReadAtUtc, n.EmailState)).ToListAsync());

    private Task<DateTime?> ReadAtAsync(int id) => app.WithDbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAtUtc).SingleAsync());

    private Task<string?> EmailOfAsync(string userName) => app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Email).SingleAsync());

    private Task<int> UnitOfAsync(string userName) => app.WithDbAsync(async db => (await db.Users.Where(u => u.UserName == userName).Select(u => u.UnitId).SingleAsync())!.Value);

    private async Task EvaluateAsync(int taskId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync([taskId], CancellationToken.None);
    }

    private async Task LadderAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EscalateNotices.Handler>().HandleAsync(CancellationToken.None);
    }

    private async Task ScanAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RemindDueNotices.Handler>().HandleAsync(CancellationToken.None);
    }

    private Task<int?> EscalatedFromAsync(int noticeId) =>
        app.WithDbAsync(db => db.Notices.Where(n => n.EscalatedFromId == noticeId).Select(n => (int?)n.Id).SingleOrDefaultAsync());

    private static async Task ReturnAsync(HttpClient reviewer, int reportId, string comment)
    {
        var response = await reviewer.SubmitFormAsync($"/review/{reportId}", new Dictionary<string, string?> { ["Comment"] = comment }, "form[data-testid=return-form]");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A task of the demo reviewer's office led by the demo reporter's unit, in progress since January.</summary>
    private Task<int> NewTaskAsync(DateOnly due) => app.WithDbAsync(async db =>
    {
        var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
        var reviewerOffice = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"NTF-{Guid.NewGuid():N}"[..16], "通知测试任务", "内容", "目标", "标准", area.Id, reviewerOffice!.Value, reporterUnit!.Value, null,
            new DateOnly(2026, 1, 1), due, TaskPriority.Normal, null), []);
        task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    });

    private Task<int> SubmittedReportAsync(int taskId, YearMonth period, string submittedBy) => app.WithDbAsync(async db =>
    {
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, period);
        report.Fill("本月完成征地 30 亩", 40, null, null, null);
        report.Submit(new DateTime(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc), submittedBy);
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        return report.Id;
    });

    /// <summary>A notice to the demo reporter's unit on a new task, issued five days ago by the reviewer's office or a supervisor, not signed for.</summary>
    private async Task<int> NoticeAsync(bool issuedByOffice, DateOnly deadline, bool responded = false)
    {
        var taskId = await NewTaskAsync(new DateOnly(2026, 12, 31));
        return await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
            var max = await db.Notices.Where(n => n.Kind == NoticeKind.SupervisionNotice && n.Year == 2026).MaxAsync(n => (int?)n.Sequence);
            var now = app.Clock.Now.UtcDateTime;
            var notice = new Notice(
                NoticeKind.SupervisionNotice, 2026, NoticeNumbering.Next(max), task.LeadUnitId, task.Id, null, "请加快推进", deadline,
                issuedByOffice ? "reviewer" : "supervisor", issuedByOffice ? task.OfficeId : null, now.AddDays(-5));
            if (responded)
            {
                notice.SignFor(now, "reporter");
                notice.Respond("已整改", now, "reporter");
            }

            db.Notices.Add(notice);
            await db.SaveChangesAsync();
            return notice.Id;
        });
    }

    private async Task<List<int>> NotifyAsync(string userName, int count, string link, string title = "测试通知")
    {
        return await app.WithDbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
            var created = new List<Notification>();
            for (var i = 0; i < count; i++)
            {
                var notification = new Notification(userId, NotificationKind.FlagRaised, $"{title} {i + 1}", "正文", link, app.Clock.Now.UtcDateTime.AddMinutes(i), false);
                db.Notifications.Add(notification);
                created.Add(notification);
                await db.SaveChangesAsync();
            }

            return created.Select(n => n.Id).ToList();
        });
    }

    private async Task EnsureUsersAsync()
    {
        var unit = await UnitOfAsync("reporter");
        if (await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == SecondReporter)))
        {
            return;
        }

        await NewUserAsync(SecondReporter, Roles.Reporter, unit);
        await NewUserAsync(DisabledReporter, Roles.Reporter, unit, disabled: true);
    }

    private async Task<string> NewUserAsync(string userName, string role, int? unitId = null, bool disabled = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(
            new AppUser { UserName = userName, DisplayName = "测试用户", Role = role, UnitId = unitId, IsDisabled = disabled }, TestApp.DemoPassword);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return userName;
    }
}
