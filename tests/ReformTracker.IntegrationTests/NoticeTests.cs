using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.IntegrationTests;

public sealed class NoticeTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task A_rectification_order_goes_round_the_whole_cycle_with_every_step_recorded()
    {
        var (taskId, flagId) = await OverdueTaskAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        using var reporter = app.CreateClientFor("reporter");
        var before = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => (long?)r.Sequence)) ?? 0;

        var form = await supervisor.GetPageAsync($"/notices/create?task={taskId}&flag={flagId}");
        Assert.Contains("已超过完成时限", form.QuerySelector("#Requirements")!.TextContent, StringComparison.Ordinal);
        var first = await IssueAsync(supervisor, taskId, flagId, "Rectification");
        var second = await IssueAsync(supervisor, taskId, null, "Rectification");
        Assert.Equal("整改〔2026〕1号", await NumberAsync(first));
        Assert.Equal("整改〔2026〕2号", await NumberAsync(second));
        var issued = await NoticeAsync(first);
        Assert.Equal(NoticeStatus.Issued, issued.Status);
        Assert.Equal(flagId, issued.FlagId);
        Assert.Null(issued.IssuerOfficeId);
        Assert.Equal("supervisor", issued.IssuedBy);

        await ActAsync(reporter, first, "sign", "sign-form", null);
        var signed = await NoticeAsync(first);
        Assert.Equal(NoticeStatus.SignedFor, signed.Status);
        Assert.Equal(app.Clock.Now.UtcDateTime, signed.SignedAtUtc);
        Assert.Equal("reporter", signed.SignedBy);

        await ActAsync(reporter, first, "respond", "respond-form", new() { ["Text"] = "已组织专班推进，月底前完成" });
        Assert.Equal(NoticeStatus.Responded, (await NoticeAsync(first)).Status);

        await ActAsync(supervisor, first, "return", "return-form", new() { ["Text"] = "措施不具体，请列明时间节点" });
        var returned = await NoticeAsync(first);
        Assert.Equal(NoticeStatus.Returned, returned.Status);
        Assert.Equal("措施不具体，请列明时间节点", returned.ReturnReason);

        await ActAsync(reporter, first, "respond", "respond-form", new() { ["Text"] = "12月10日前完成验收" });
        await ActAsync(supervisor, first, "close", "close-form", new() { ["GoodFaith"] = "true", ["GoodFaithReason"] = "客观原因延误，单位已尽职" });

        var closed = await NoticeAsync(first);
        Assert.Equal(NoticeStatus.Closed, closed.Status);
        Assert.Equal("supervisor", closed.ClosedBy);
        Assert.True(closed.GoodFaith);
        Assert.Equal("客观原因延误，单位已尽职", closed.GoodFaithReason);
        Assert.Equal(["已组织专班推进，月底前完成", "12月10日前完成验收"], closed.Responses.OrderBy(r => r.Id).Select(r => r.Measures));

        var trail = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.Sequence > before && r.EntityType == "Notice" && r.EntityId == first.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(r => r.Sequence).ToListAsync());
        Assert.Equal(6, trail.Count);
        Assert.Equal(["supervisor", "reporter", "reporter", "supervisor", "reporter", "supervisor"], trail.Select(r => r.UserName));
        Assert.Contains("Returned", trail[3].Changes, StringComparison.Ordinal);
        Assert.Contains("客观原因延误", trail[5].Changes, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Sequence > before && r.EntityType == "NoticeResponse")));

        var page = await supervisor.GetPageAsync($"/notices/{first}");
        Assert.Contains("客观原因延误", page.QuerySelector("[data-testid=good-faith]")!.TextContent, StringComparison.Ordinal);
        var print = await reporter.GetPageAsync($"/notices/{first}/print");
        Assert.Equal("整改〔2026〕1号", print.QuerySelector("[data-testid=document-number]")!.TextContent.Trim());
        Assert.Contains("整改通知书", print.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(print.QuerySelector("link[href^='/css/print.css']"));
    }

    [Fact]
    public async Task Another_units_reporter_gets_404_and_a_leader_reads_but_may_not_close()
    {
        var (taskId, _) = await OverdueTaskAsync();
        var id = await NewNoticeAsync(taskId, NoticeKind.SupervisionNotice);
        using var town = app.CreateClientFor("town");
        using var leader = app.CreateClientFor("leader");

        await town.GetPageAsync($"/notices/{id}", HttpStatusCode.NotFound);
        await town.GetPageAsync($"/notices/{id}/print", HttpStatusCode.NotFound);
        var townList = await town.GetPageAsync("/notices");
        Assert.Null(townList.QuerySelector($"[data-notice-id='{id}']"));
        var page = await leader.GetPageAsync($"/notices/{id}");
        Assert.Null(page.QuerySelector("form[action$='/close']"));
        var token = page.AntiforgeryToken()!;
        var response = await leader.PostAsync($"/notices/{id}/close", [new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(NoticeStatus.Issued, (await NoticeAsync(id)).Status);
    }

    [Fact]
    public async Task The_reporter_sees_the_units_unsigned_notices_first()
    {
        var (taskId, _) = await OverdueTaskAsync();
        var signedId = await NewNoticeAsync(taskId, NoticeKind.Reminder);
        using var reporter = app.CreateClientFor("reporter");
        await ActAsync(reporter, signedId, "sign", "sign-form", null);
        var unsignedId = await NewNoticeAsync(taskId, NoticeKind.Reminder);
        await app.WithDbAsync(async db =>
        {
            // The signed notice is the newer one, so only the unsigned-first rule can put the other on top.
            var n = await db.Notices.SingleAsync(x => x.Id == unsignedId);
            db.Entry(n).Property(x => x.IssuedAtUtc).CurrentValue = app.Clock.Now.UtcDateTime.AddDays(-3);
            return await db.SaveChangesAsync();
        });

        var list = await reporter.GetPageAsync("/notices");
        var ids = list.QuerySelectorAll("[data-notice-id]").Select(r => r.GetAttribute("data-notice-id")).ToList();
        Assert.True(ids.IndexOf(unsignedId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            < ids.IndexOf(signedId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var filtered = await reporter.GetPageAsync("/notices?status=SignedFor&kind=Reminder");
        Assert.NotNull(filtered.QuerySelector($"[data-notice-id='{signedId}']"));
        Assert.Null(filtered.QuerySelector($"[data-notice-id='{unsignedId}']"));
    }

    public static TheoryData<string, string, string, HttpStatusCode?> IllegalMoves() => new()
    {
        // user, state to arrange, action, expected status (null: refused with a flash on the notice page)
        { "reporter", "Responded", "close", HttpStatusCode.Forbidden },
        { "reporter", "Responded", "return", HttpStatusCode.Forbidden },
        { "supervisor", "Issued", "sign", HttpStatusCode.Forbidden },
        { "supervisor", "SignedFor", "respond", HttpStatusCode.Forbidden },
        { "leader", "Responded", "return", HttpStatusCode.Forbidden },
        { "leader", "Issued", "sign", HttpStatusCode.Forbidden },
        { "reviewer", "Responded", "close", HttpStatusCode.Forbidden },
        { "town", "Issued", "sign", HttpStatusCode.NotFound },
        { "supervisor", "SignedFor", "close", null },
        { "supervisor", "Issued", "return", null },
        { "supervisor", "Closed", "close", null },
        { "reporter", "SignedFor", "sign", null },
        { "reporter", "Issued", "respond", null },
        { "reporter", "Closed", "respond", null },
        // Empty measures: the response form again, the reason beside the field (400), nothing saved.
        { "reporter", "SignedFor", "respond-empty", HttpStatusCode.BadRequest },
        { "supervisor", "Responded", "return-empty", null },
        { "supervisor", "Responded", "close-goodfaith-without-reason", null },
    };

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task Every_illegal_move_is_refused_and_changes_nothing(string userName, string state, string action, HttpStatusCode? expected)
    {
        var (taskId, _) = await OverdueTaskAsync();
        var id = await NewNoticeAsync(taskId, NoticeKind.PublicCriticism, Enum.Parse<NoticeStatus>(state));
        var before = await NoticeAsync(id);
        using var client = app.CreateClientFor(userName);
        var token = (await client.GetPageAsync("/notices")).AntiforgeryToken()!;
        var (path, fields) = action switch
        {
            "respond-empty" => ("respond", new Dictionary<string, string> { ["Text"] = " " }),
            "return-empty" => ("return", new Dictionary<string, string> { ["Text"] = "" }),
            "close-goodfaith-without-reason" => ("close", new Dictionary<string, string> { ["GoodFaith"] = "true", ["GoodFaithReason"] = "" }),
            _ => (action, new Dictionary<string, string> { ["Text"] = "理由" }),
        };
        fields["__RequestVerificationToken"] = token;

        var response = await client.PostAsync($"/notices/{id}/{path}", fields);

        if (expected is { } status)
        {
            Assert.Equal(status, response.StatusCode);
            if (status == HttpStatusCode.BadRequest)
            {
                Assert.Contains("请填写整改措施", (await response.ReadPageAsync()).QuerySelector("[data-testid=error-Text]")!.TextContent, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/notices/{id}", response.Headers.Location?.OriginalString);
            var page = await client.GetPageAsync($"/notices/{id}");
            Assert.NotNull(page.QuerySelector(".alert-danger"));
        }

        var after = await NoticeAsync(id);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Responses.Count, after.Responses.Count);
    }

    [Fact]
    public async Task A_reviewer_issues_only_on_the_own_offices_tasks_and_decides_only_the_own_offices_notices()
    {
        var (taskId, _) = await OverdueTaskAsync();
        using var reviewer = app.CreateClientFor("reviewer");

        var id = await IssueAsync(reviewer, taskId, null, "AccountabilityReferral");
        var notice = await NoticeAsync(id);
        Assert.NotNull(notice.IssuerOfficeId);
        Assert.StartsWith("问责〔2026〕", notice.Number, StringComparison.Ordinal);

        var otherTask = await app.WithDbAsync(db => db.Tasks.Where(t => t.OfficeId != notice.IssuerOfficeId).Select(t => t.Id).FirstAsync());
        await reviewer.GetPageAsync($"/notices/create?task={otherTask}", HttpStatusCode.NotFound);
        using var supervisor = app.CreateClientFor("supervisor");
        await supervisor.GetPageAsync($"/notices/create?task={taskId}&flag=999999");
        using var reporter = app.CreateClientFor("reporter");
        await reporter.GetPageAsync($"/notices/create?task={taskId}", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_deadline_not_after_today_is_refused()
    {
        var (taskId, _) = await OverdueTaskAsync();
        using var supervisor = app.CreateClientFor("supervisor");
        var count = await app.WithDbAsync(db => db.Notices.CountAsync());

        var response = await supervisor.SubmitFormAsync($"/notices/create?task={taskId}", new Dictionary<string, string?>
        {
            ["Kind"] = "SupervisionNotice", ["Requirements"] = "请加快推进", ["Deadline"] = "2026-11-23",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("办理期限须晚于今天", (await response.ReadPageAsync()).Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(count, await app.WithDbAsync(db => db.Notices.CountAsync()));
    }

    private static async Task<int> IssueAsync(HttpClient client, int taskId, int? flagId, string kind)
    {
        var url = flagId is { } f ? $"/notices/create?task={taskId}&flag={f}" : $"/notices/create?task={taskId}";
        var response = await client.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Kind"] = kind, ["Requirements"] = "请限期整改并反馈", ["Deadline"] = "2026-12-15",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return int.Parse(location["/notices/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ActAsync(HttpClient client, int id, string action, string formTestId, Dictionary<string, string?>? fields)
    {
        var response = await client.SubmitFormAsync($"/notices/{id}", fields ?? [], $"form[data-testid={formTestId}][action$='/{action}']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetPageAsync($"/notices/{id}");
        Assert.Null(page.QuerySelector(".alert-danger"));
    }

    private Task<Notice> NoticeAsync(int id) =>
        app.WithDbAsync(db => db.Notices.AsNoTracking().Include(n => n.Responses).SingleAsync(n => n.Id == id));

    private async Task<string> NumberAsync(int id) => (await NoticeAsync(id)).Number;

    private Task<int> NewNoticeAsync(int taskId, NoticeKind kind, NoticeStatus state = NoticeStatus.Issued) => app.WithDbAsync(async db =>
    {
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        var year = 2026;
        var max = await db.Notices.Where(n => n.Kind == kind && n.Year == year).MaxAsync(n => (int?)n.Sequence);
        var now = app.Clock.Now.UtcDateTime;
        var notice = new Notice(kind, year, NoticeNumbering.Next(max), task.LeadUnitId, task.Id, null, "请整改", new DateOnly(2026, 12, 31), "supervisor", null, now);
        if (state != NoticeStatus.Issued)
        {
            notice.SignFor(now, "reporter");
        }

        if (state is NoticeStatus.Responded or NoticeStatus.Closed)
        {
            notice.Respond("已整改", now, "reporter");
        }

        if (state == NoticeStatus.Closed)
        {
            notice.Close(now, "supervisor", false, null);
        }

        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        return notice.Id;
    });

    /// <summary>A task of the demo reporter's unit and the demo reviewer's office, three weeks overdue, with its flag.</summary>
    private async Task<(int TaskId, int FlagId)> OverdueTaskAsync()
    {
        var taskId = await app.WithDbAsync(async db =>
        {
            var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
            var reviewerOffice = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
            var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
            var task = new ReformTask(area.PlanId, new TaskDefinition(
                $"NTC-{Guid.NewGuid():N}"[..16], "督办测试任务", "内容", "目标", "标准", area.Id, reviewerOffice!.Value, reporterUnit!.Value, null,
                new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 1), TaskPriority.Normal, null), []);
            task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(null, CancellationToken.None);
        }

        var flagId = await app.WithDbAsync(db => db.Flags.Where(f => f.TaskId == taskId && f.Rule == FlagRule.TaskOverdue && f.ClosedAtUtc == null)
            .Select(f => f.Id).SingleAsync());
        return (taskId, flagId);
    }
}
