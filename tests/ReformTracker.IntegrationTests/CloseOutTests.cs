using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

/// <summary>销号 and evidence on notice responses, over the app with its own evidence folder.</summary>
public sealed class CloseOutTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    [Fact]
    public async Task A_close_out_is_applied_with_evidence_returned_applied_again_and_approved_and_the_task_is_completed_with_every_step_audited()
    {
        var taskId = await NewTaskAsync();
        using var reporter = app.CreateClientFor("reporter");
        using var reviewer = app.CreateClientFor("reviewer");
        var before = await app.WithDbAsync(db => db.AuditRecords.MaxAsync(r => (long?)r.Sequence)) ?? 0;

        var page = await reporter.GetPageAsync($"/tasks/{taskId}");
        Assert.NotNull(page.QuerySelector("[data-testid=apply-closeout]"));
        using (var applied = await ApplyAsync(reporter, taskId, "已完成全部建设内容并通过验收", ("验收报告.pdf", PdfBytes(2048))))
        {
            Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        }

        var first = await LatestAsync(taskId);
        Assert.Equal(CloseOutStatus.Pending, first.Status);
        Assert.Equal("reporter", first.AppliedBy);
        var evidence = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(e => e.CloseOutId == first.Id));
        Assert.Null(evidence.ReportId);
        Assert.Null(evidence.NoticeResponseId);
        Assert.Contains(evidence.StoredName, app.FilesOnDisk());

        // A second application while one is pending is refused with the reason.
        using (var again = await ApplyAsync(reporter, taskId, "再次申请", ("照片.png", PngBytes())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Contains("已有待核验的销号申请", (await again.ReadPageAsync()).QuerySelector("[data-testid=form-errors]")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        }

        var list = await reviewer.GetPageAsync("/closeouts");
        Assert.NotNull(list.QuerySelector($"[data-testid=to-decide] [data-closeout-id='{first.Id}']"));
        var review = await reviewer.GetPageAsync($"/closeouts/{first.Id}");
        Assert.Equal("验收报告.pdf", review.QuerySelector("[data-testid=closeout-evidence] a")!.TextContent);

        using (var noReason = await reviewer.SubmitFormAsync($"/closeouts/{first.Id}", new Dictionary<string, string?> { ["Reason"] = " " }, "form[data-testid=return-form]"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Contains("退回时须填写退回理由", (await noReason.ReadPageAsync()).QuerySelector("[data-testid=error-Reason]")!.TextContent, StringComparison.Ordinal);
        }

        using (var returned = await reviewer.SubmitFormAsync($"/closeouts/{first.Id}", new Dictionary<string, string?> { ["Reason"] = "缺少竣工验收备案表" }, "form[data-testid=return-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        }

        Assert.Equal(CloseOutStatus.Returned, (await LatestAsync(taskId)).Status);
        Assert.Equal(ReformTaskStatus.InProgress, await StatusAsync(taskId));

        // Deciding again is refused with a message, never a 500.
        var token = review.AntiforgeryToken()!;
        using (var late = await reviewer.PostAsync($"/closeouts/{first.Id}/approve", [new("__RequestVerificationToken", token)]))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("不能再核验", (await late.ReadPageAsync()).QuerySelector("[data-testid=form-errors]")!.TextContent, StringComparison.Ordinal);
        }

        using (var second = await ApplyAsync(reporter, taskId, "补充竣工验收备案表", ("备案表.pdf", PdfBytes(1024)), ("现场.png", PngBytes())))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        var secondApplication = await LatestAsync(taskId);
        Assert.NotEqual(first.Id, secondApplication.Id);
        using (var approved = await reviewer.SubmitFormAsync($"/closeouts/{secondApplication.Id}", new Dictionary<string, string?> { ["Reason"] = "材料齐全" }, "form[data-testid=approve-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }

        var task = await app.WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId));
        Assert.Equal(ReformTaskStatus.Completed, task.Status);
        Assert.Equal(DateOnly.FromDateTime(app.Clock.Now.DateTime), task.CompletedOn);

        var taskPage = await reporter.GetPageAsync($"/tasks/{taskId}");
        Assert.Equal("已完成", taskPage.QuerySelector("[data-testid=task-status]")!.TextContent.Trim());
        Assert.Equal("已销号", taskPage.QuerySelector("[data-testid=closeout-state]")!.TextContent.Trim());
        Assert.Equal(2, taskPage.QuerySelectorAll("[data-testid=closeout-history] [data-closeout-id]").Length);
        Assert.Null(taskPage.QuerySelector("[data-testid=apply-closeout]"));

        var trail = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking().Where(r => r.Sequence > before).OrderBy(r => r.Sequence).ToListAsync());
        var applications = trail.Where(r => r.EntityType == nameof(CloseOutApplication)).ToList();
        Assert.Equal(4, applications.Count);
        Assert.Equal(["reporter", "reviewer", "reporter", "reviewer"], applications.Select(r => r.UserName));
        Assert.Contains("缺少竣工验收备案表", applications[1].Changes, StringComparison.Ordinal);
        Assert.Equal(3, trail.Count(r => r.EntityType == nameof(EvidenceFile)));
        var taskChange = Assert.Single(trail, r => r.EntityType == nameof(ReformTask) && r.EntityId == taskId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("reviewer", taskChange.UserName);
        Assert.Contains("Completed", taskChange.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_lead_unit_applies_and_only_the_tasks_office_decides_outside_the_scope_is_404()
    {
        var taskId = await NewTaskAsync(cooperatingTown: true);
        var hiddenId = await NewTaskAsync(leadByTown: true);
        using var reporter = app.CreateClientFor("reporter");
        using var town = app.CreateClientFor("town");
        using var supervisor = app.CreateClientFor("supervisor");
        using var leader = app.CreateClientFor("leader");

        // The cooperating unit sees the task but does not lead it: 403. A task it cannot see: 404.
        var townPage = await town.GetPageAsync($"/tasks/{taskId}/closeout");
        Assert.Null(townPage.QuerySelector("[data-testid=closeout-form]"));
        using (var cooperating = await ApplyAsync(town, taskId, "越权申请", ("a.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, cooperating.StatusCode);
        }

        await reporter.GetPageAsync($"/tasks/{hiddenId}/closeout", HttpStatusCode.NotFound);
        using (var hidden = await ApplyAsync(reporter, hiddenId, "越权申请", ("a.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        using (var notAReporter = await ApplyAsync(supervisor, taskId, "督查员申请", ("a.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAReporter.StatusCode);
        }

        using (var applied = await ApplyAsync(reporter, taskId, "已完成", ("a.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        }

        var id = (await LatestAsync(taskId)).Id;
        foreach (var (client, expected) in new[] { (reporter, HttpStatusCode.Forbidden), (supervisor, HttpStatusCode.Forbidden), (leader, HttpStatusCode.Forbidden) })
        {
            var token = (await client.GetPageAsync($"/closeouts/{id}")).AntiforgeryToken()!;
            using var approve = await client.PostAsync($"/closeouts/{id}/approve", [new("__RequestVerificationToken", token)]);
            Assert.Equal(expected, approve.StatusCode);
            using var returned = await client.PostAsync($"/closeouts/{id}/return", [new("__RequestVerificationToken", token), new("Reason", "越权")]);
            Assert.Equal(expected, returned.StatusCode);
        }

        var otherReviewer = await NewReviewerOfAnotherOfficeAsync();
        using var other = app.CreateClientFor(otherReviewer);
        await other.GetPageAsync($"/closeouts/{id}", HttpStatusCode.NotFound);
        var otherToken = (await other.GetPageAsync("/closeouts")).AntiforgeryToken()!;
        using (var foreign = await other.PostAsync($"/closeouts/{id}/approve", [new("__RequestVerificationToken", otherToken)]))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        Assert.Equal(CloseOutStatus.Pending, (await LatestAsync(taskId)).Status);
        Assert.Equal(ReformTaskStatus.InProgress, await StatusAsync(taskId));
    }

    [Fact]
    public async Task Applying_needs_what_was_achieved_and_a_file_and_a_bad_or_oversized_file_saves_nothing()
    {
        var taskId = await NewTaskAsync();
        using var reporter = app.CreateClientFor("reporter");
        var filesBefore = app.FilesOnDisk();

        using (var noSummary = await ApplyAsync(reporter, taskId, " ", ("a.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noSummary.StatusCode);
            Assert.Contains("请填写完成情况", (await noSummary.ReadPageAsync()).QuerySelector("[data-testid=error-Summary]")!.TextContent, StringComparison.Ordinal);
        }

        using (var noFile = await ApplyAsync(reporter, taskId, "已完成"))
        {
            var page = await noFile.ReadPageAsync();
            Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
            Assert.Contains("请上传至少一个佐证材料", page.QuerySelector("[data-testid=error-files]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("已完成", page.QuerySelector("#Summary")!.TextContent);
        }

        using (var disguised = await ApplyAsync(reporter, taskId, "已完成", ("好的.pdf", PdfBytes(100)), ("伪装.pdf", PngBytes())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, disguised.StatusCode);
            Assert.Contains("文件内容与扩展名不符", (await disguised.ReadPageAsync()).QuerySelector("[data-testid=error-files]")!.TextContent, StringComparison.Ordinal);
        }

        using (var oversized = await ApplyAsync(reporter, taskId, "已完成", ("太大.pdf", PdfBytes(EvidenceFile.MaxBytes + (2 * 1024 * 1024)))))
        {
            Assert.Equal(HttpStatusCode.Redirect, oversized.StatusCode);
            Assert.Equal($"/tasks/{taskId}/closeout", oversized.Headers.Location!.OriginalString);
        }

        var after = await reporter.GetPageAsync($"/tasks/{taskId}/closeout");
        Assert.Contains("单个文件不超过 20 MB", after.QuerySelector("[data-testid=error-files]")!.TextContent, StringComparison.Ordinal);

        using (var justOver = await ApplyAsync(reporter, taskId, "已完成", ("超过.pdf", PdfBytes(EvidenceFile.MaxBytes + 1))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, justOver.StatusCode);
            Assert.Contains("超过 20 MB", (await justOver.ReadPageAsync()).QuerySelector("[data-testid=error-files]")!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.CloseOutApplications.CountAsync(c => c.TaskId == taskId)));
        Assert.Equal(filesBefore, app.FilesOnDisk());
    }

    [Fact]
    public async Task The_task_edit_form_cannot_complete_a_task()
    {
        var taskId = await NewTaskAsync();
        using var admin = app.CreateClientFor("admin");

        var form = await admin.GetPageAsync($"/tasks/{taskId}/edit");
        Assert.DoesNotContain(form.QuerySelectorAll("#Status option"), o => o.GetAttribute("value") == nameof(ReformTaskStatus.Completed));

        using var response = await admin.SubmitFormAsync($"/tasks/{taskId}/edit", new Dictionary<string, string?> { ["Status"] = nameof(ReformTaskStatus.Completed) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("销号", (await response.ReadPageAsync()).QuerySelector("[data-testid=error-Status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ReformTaskStatus.InProgress, await StatusAsync(taskId));
    }

    [Fact]
    public async Task A_notice_response_carries_evidence_all_or_nothing_and_its_files_download_within_the_notice_scope()
    {
        var taskId = await NewTaskAsync();
        var noticeId = await SignedNoticeAsync(taskId);
        using var reporter = app.CreateClientFor("reporter");
        using var supervisor = app.CreateClientFor("supervisor");
        using var town = app.CreateClientFor("town");
        var filesBefore = app.FilesOnDisk();

        using (var bad = await RespondAsync(reporter, noticeId, "已整改到位", ("整改报告.pdf", PdfBytes(500)), ("伪装.pdf", PngBytes())))
        {
            var page = await bad.ReadPageAsync();
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("“伪装.pdf”：文件内容与扩展名不符", page.QuerySelector("[data-testid=error-files]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("已整改到位", page.QuerySelector("#respond-text")!.TextContent);
        }

        using (var oversized = await RespondAsync(reporter, noticeId, "已整改到位", ("太大.pdf", PdfBytes(EvidenceFile.MaxBytes + (2 * 1024 * 1024)))))
        {
            Assert.Equal(HttpStatusCode.Redirect, oversized.StatusCode);
            Assert.Equal($"/notices/{noticeId}", oversized.Headers.Location!.OriginalString);
        }

        Assert.Contains("单个文件不超过 20 MB", (await reporter.GetPageAsync($"/notices/{noticeId}")).QuerySelector("[data-testid=error-files]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(NoticeStatus.SignedFor, (await NoticeAsync(noticeId)).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.NoticeResponses.CountAsync(r => r.NoticeId == noticeId)));
        Assert.Equal(filesBefore, app.FilesOnDisk());

        var pdf = PdfBytes(700);
        using (var good = await RespondAsync(reporter, noticeId, "已整改到位", ("整改报告.pdf", pdf), ("现场照片.png", PngBytes())))
        {
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        }

        var notice = await NoticeAsync(noticeId);
        Assert.Equal(NoticeStatus.Responded, notice.Status);
        var response = Assert.Single(notice.Responses);
        var files = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().Where(e => e.NoticeResponseId == response.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["整改报告.pdf", "现场照片.png"], files.Select(f => f.FileName));
        Assert.All(files, f => Assert.Contains(f.StoredName, app.FilesOnDisk()));

        var details = await supervisor.GetPageAsync($"/notices/{noticeId}");
        var links = details.QuerySelectorAll("[data-testid=response-evidence] a");
        Assert.Equal(2, links.Length);
        Assert.Equal($"/evidence/{files[0].Id}", links[0].GetAttribute("href"));
        using (var download = await supervisor.GetAsync(new Uri($"/evidence/{files[0].Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        }

        await town.GetPageAsync($"/notices/{noticeId}", HttpStatusCode.NotFound);
        using (var outside = await town.GetAsync(new Uri($"/evidence/{files[0].Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        }

        var token = (await reporter.GetPageAsync("/tasks")).AntiforgeryToken()!;
        using var delete = await reporter.PostAsync($"/evidence/{files[0].Id}/delete", [new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.NoticeResponseId == response.Id)));
    }

    [Fact]
    public async Task The_database_refuses_an_evidence_row_with_no_owner_or_two()
    {
        var reportId = await app.WithDbAsync(db => db.Reports.Select(r => r.Id).FirstAsync());
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlInterpolatedAsync($@"INSERT INTO EvidenceFiles (ReportId, NoticeResponseId, CloseOutId, FileName, StoredName, ContentType, SizeBytes, Sha256, UploadedBy, Version, CreatedAtUtc, UpdatedAtUtc, IsDeleted)
                VALUES ({reportId}, NULL, NULL, 'x.pdf', {Guid.NewGuid().ToString("N")}, 'application/pdf', 1, 'x', 'x', 1, '2026-01-01', '2026-01-01', 0)");
            await db.Database.ExecuteSqlRawAsync(@"INSERT INTO EvidenceFiles (ReportId, NoticeResponseId, CloseOutId, FileName, StoredName, ContentType, SizeBytes, Sha256, UploadedBy, Version, CreatedAtUtc, UpdatedAtUtc, IsDeleted)
                VALUES (NULL, NULL, NULL, 'x.pdf', 'no-owner', 'application/pdf', 1, 'x', 'x', 1, '2026-01-01', '2026-01-01', 0)");
            return 0;
        }));
        Assert.Contains("CHECK", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<HttpResponseMessage> ApplyAsync(HttpClient client, int taskId, string summary, params (string Name, byte[] Content)[] files) =>
        await PostMultipartAsync(client, $"/tasks/{taskId}/closeout", "Summary", summary, files);

    private static async Task<HttpResponseMessage> RespondAsync(HttpClient client, int noticeId, string text, params (string Name, byte[] Content)[] files) =>
        await PostMultipartAsync(client, $"/notices/{noticeId}/respond", "Text", text, files);

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string url, string field, string value, (string Name, byte[] Content)[] files)
    {
        var token = (await client.GetPageAsync("/tasks")).AntiforgeryToken()!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(value), field } };
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }

        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    private Task<CloseOutApplication> LatestAsync(int taskId) =>
        app.WithDbAsync(db => db.CloseOutApplications.AsNoTracking().Where(c => c.TaskId == taskId).OrderByDescending(c => c.Id).FirstAsync());

    private Task<ReformTaskStatus> StatusAsync(int taskId) => app.WithDbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync());

    private Task<Notice> NoticeAsync(int id) => app.WithDbAsync(db => db.Notices.AsNoTracking().Include(n => n.Responses).SingleAsync(n => n.Id == id));

    /// <summary>A task of the demo reviewer's office led by the reporter's unit (or the town's), in progress.</summary>
    private Task<int> NewTaskAsync(bool cooperatingTown = false, bool leadByTown = false) => app.WithDbAsync(async db =>
    {
        var reporterUnit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
        var townUnit = await db.Users.Where(u => u.UserName == "town").Select(u => u.UnitId).SingleAsync();
        var reviewerOffice = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"CLO-{Guid.NewGuid():N}"[..16], "销号测试任务", "内容", "目标", "标准", area.Id, reviewerOffice!.Value, leadByTown ? townUnit!.Value : reporterUnit!.Value, null,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal, null), cooperatingTown ? [townUnit!.Value] : []);
        task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    });

    /// <summary>A rectification order on the task, addressed to the reporter's unit and already signed for.</summary>
    private Task<int> SignedNoticeAsync(int taskId) => app.WithDbAsync(async db =>
    {
        var unit = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.LeadUnitId).SingleAsync();
        var max = await db.Notices.IgnoreQueryFilters().Where(n => n.Kind == NoticeKind.Rectification && n.Year == 2026).MaxAsync(n => (int?)n.Sequence);
        var now = app.Clock.Now.UtcDateTime;
        var notice = new Notice(NoticeKind.Rectification, 2026, NoticeNumbering.Next(max), unit, taskId, null, "请限期整改", new DateOnly(2026, 12, 31), "supervisor", null, now);
        notice.SignFor(now, "reporter");
        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        return notice.Id;
    });

    private async Task<string> NewReviewerOfAnotherOfficeAsync()
    {
        var office = await app.WithDbAsync(async db =>
        {
            var own = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
            return await db.Offices.Where(o => o.Id != own).Select(o => o.Id).FirstAsync();
        });
        var userName = $"rev{Guid.NewGuid():N}"[..12];
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "另一办公室审核员", Role = Roles.OfficeReviewer, OfficeId = office }, TestApp.DemoPassword);
        return userName;
    }

    /// <summary>A PDF header followed by filler up to the exact length asked for.</summary>
    private static byte[] PdfBytes(long length)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        for (var i = 9; i < bytes.Length; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private static byte[] PngBytes() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
}
