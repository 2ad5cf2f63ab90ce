using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Evidence;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

/// <summary>The app with its evidence folder in a fresh temporary directory, so tests can look at exactly what lands on disk.</summary>
public sealed class EvidenceApp : IDisposable
{
    private readonly TestApp _app = new();

    public EvidenceApp()
    {
        Factory = _app.WithWebHostBuilder(b => b.UseSetting("Evidence:Folder", Folder));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"reformtracker-evidence-{Guid.NewGuid():N}");

    public WebApplicationFactory<Program> Factory { get; }

    public TestClock Clock => _app.Clock;

    public HttpClient CreateClientFor(string userName) =>
        Factory.CreateDefaultClient(new SignedInHandler(userName, TestApp.DemoPassword), new CookieContainerHandler());

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Every file under the evidence folder, relative to it.</summary>
    public SortedSet<string> FilesOnDisk() => Directory.Exists(Folder)
        ? new SortedSet<string>(Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Folder, f)), StringComparer.Ordinal)
        : new SortedSet<string>(StringComparer.Ordinal);

    public void Dispose()
    {
        _app.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

public sealed class EvidenceTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    private const string Pdf = "application/pdf";
    private static readonly YearMonth OpenPeriod = new(2026, 11);

    private readonly HttpClient _reporter = app.CreateClientFor("reporter");

    public static TheoryData<string, string> AcceptedFiles => new()
    {
        { "进展报告.pdf", "application/pdf" },
        { "会议纪要.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "投资台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "现场照片.jpg", "image/jpeg" },
        { "现场照片.jpeg", "image/jpeg" },
        { "截图.png", "image/png" },
        { "旧版文档.doc", "application/msword" },
        { "旧版表格.xls", "application/vnd.ms-excel" },
    };

    [Theory]
    [MemberData(nameof(AcceptedFiles))]
    public async Task An_accepted_file_is_stored_under_a_random_name_with_its_hash_and_downloads_back_identical(string name, string contentType)
    {
        var draft = await NewDraftAsync();
        var bytes = SampleOf(Path.GetExtension(name));

        using var response = await UploadAsync(_reporter, draft.ReportId, json: true, (name, bytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = Assert.Single(await UploadedAsync(response));
        Assert.Equal(name, answered.Name);
        Assert.Equal(bytes.Length, answered.Size);

        var stored = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(e => e.ReportId == draft.ReportId));
        Assert.Equal(answered.Id, stored.Id);
        Assert.Equal(name, stored.FileName);
        Assert.Equal(contentType, stored.ContentType);
        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal("reporter", stored.UploadedBy);
        Assert.Matches(@"^\d{4}/\d{2}/[0-9a-f]{32}\.bin$", stored.StoredName);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(app.Folder, stored.StoredName)));

        using var download = await _reporter.GetAsync(new Uri($"/evidence/{stored.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(contentType, download.Content.Headers.ContentType!.MediaType);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name, disposition.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Uploading_from_a_plain_form_goes_back_to_the_report_form_with_a_message()
    {
        var draft = await NewDraftAsync();

        using var response = await UploadAsync(_reporter, draft.ReportId, json: false, ("进展.pdf", PdfBytes(100)), ("照片.png", PngBytes()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/tasks/{draft.TaskId}/reports/{draft.Period}", response.Headers.Location!.OriginalString);
        Assert.Equal(2, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
        var next = await _reporter.GetPageAsync("/tasks");
        Assert.Contains("已上传 2 个附件", next.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_plain_form_upload_goes_back_to_the_report_form_with_the_reason()
    {
        var draft = await NewDraftAsync();

        using var response = await UploadAsync(_reporter, draft.ReportId, json: false, ("伪装.pdf", PngBytes()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/tasks/{draft.TaskId}/reports/{draft.Period}", response.Headers.Location!.OriginalString);
        var next = await _reporter.GetPageAsync("/tasks");
        Assert.Contains("文件内容与扩展名不符", next.QuerySelector("[data-testid=flash-error]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exactly_20_MB_is_accepted_and_one_byte_more_is_refused()
    {
        var draft = await NewDraftAsync();

        using (var exact = await UploadAsync(_reporter, draft.ReportId, json: true, ("正好20MB.pdf", PdfBytes(EvidenceFile.MaxBytes))))
        {
            Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
            Assert.Equal(EvidenceFile.MaxBytes, Assert.Single(await UploadedAsync(exact)).Size);
        }

        var before = app.FilesOnDisk();
        using var over = await UploadAsync(_reporter, draft.ReportId, json: true, ("超过20MB.pdf", PdfBytes(EvidenceFile.MaxBytes + 1)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Contains("超过 20 MB", await ErrorOfAsync(over), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
        Assert.Equal(before, app.FilesOnDisk());
    }

    [Fact]
    public async Task A_body_far_over_the_limit_gets_a_Chinese_answer_and_never_an_error_page()
    {
        var draft = await NewDraftAsync();
        var before = app.FilesOnDisk();
        var huge = PdfBytes(EvidenceFile.MaxBytes + (2 * 1024 * 1024));

        using var json = await UploadAsync(_reporter, draft.ReportId, json: true, ("太大.pdf", huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, json.StatusCode);
        Assert.Contains("单个文件不超过 20 MB", await ErrorOfAsync(json), StringComparison.Ordinal);

        using var plain = await UploadAsync(_reporter, draft.ReportId, json: false, ("太大.pdf", huge));
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal($"/tasks/{draft.TaskId}/reports/{draft.Period}", plain.Headers.Location!.OriginalString);
        var next = await _reporter.GetPageAsync("/tasks");
        Assert.Contains("单个文件不超过 20 MB", next.QuerySelector("[data-testid=flash-error]")!.TextContent, StringComparison.Ordinal);

        await AssertNothingStoredAsync(draft, before);
    }

    [Fact]
    public async Task The_eleventh_file_of_a_report_is_refused()
    {
        var draft = await NewDraftAsync();
        var ten = Enumerable.Range(1, EvidenceFile.MaxFilesPerReport).Select(i => ($"第{i}份.pdf", PdfBytes(50 + i))).ToArray();
        using (var first = await UploadAsync(_reporter, draft.ReportId, json: true, ten))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(10, (await UploadedAsync(first)).Count);
        }

        var before = app.FilesOnDisk();
        using var eleventh = await UploadAsync(_reporter, draft.ReportId, json: true, ("第11份.pdf", PdfBytes(80)));

        Assert.Equal(HttpStatusCode.BadRequest, eleventh.StatusCode);
        Assert.Contains("每份月报最多 10 个附件", await ErrorOfAsync(eleventh), StringComparison.Ordinal);
        Assert.Equal(10, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
        Assert.Equal(before, app.FilesOnDisk());
    }

    public static TheoryData<string, string, string> DisguisedFiles => new()
    {
        { "程序.pdf", "exe", "类型不受支持" },
        { "图片.pdf", "png", "文件内容与扩展名不符" },
        { "压缩包.docx", "zip", "类型不受支持" },
        { "表格.docx", "xlsx", "文件内容与扩展名不符" },
        { "文字.jpg", "text", "类型不受支持" },
        { "说明.txt", "text", "类型不受支持" },
        { "无扩展名", "pdf", "类型不受支持" },
        { "空文件.pdf", "empty", "空文件" },
        { "坏压缩包.xlsx", "broken-zip", "类型不受支持" },
    };

    [Theory]
    [MemberData(nameof(DisguisedFiles))]
    public async Task A_file_whose_content_is_not_what_its_name_says_is_refused_and_leaves_nothing_behind(string name, string content, string message)
    {
        var draft = await NewDraftAsync();
        var before = app.FilesOnDisk();
        var bytes = content switch
        {
            "exe" => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00],
            "png" => PngBytes(),
            "zip" => ZipBytes("readme.txt", "docs/readme.xml"),
            "xlsx" => SampleOf(".xlsx"),
            "text" => Encoding.UTF8.GetBytes("这不是图片"),
            "pdf" => PdfBytes(200),
            "broken-zip" => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x02],
            _ => Array.Empty<byte>(),
        };

        using var response = await UploadAsync(_reporter, draft.ReportId, json: true, (name, bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ErrorOfAsync(response), StringComparison.Ordinal);
        await AssertNothingStoredAsync(draft, before);
    }

    [Fact]
    public async Task One_bad_file_in_a_batch_refuses_the_whole_batch()
    {
        var draft = await NewDraftAsync();
        var before = app.FilesOnDisk();

        using var response = await UploadAsync(_reporter, draft.ReportId, json: true, ("好的.pdf", PdfBytes(300)), ("坏的.png", PdfBytes(300)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("坏的.png", await ErrorOfAsync(response), StringComparison.Ordinal);
        await AssertNothingStoredAsync(draft, before);
    }

    [Fact]
    public async Task Posting_no_file_at_all_is_refused_with_a_message()
    {
        var draft = await NewDraftAsync();

        using var response = await UploadAsync(_reporter, draft.ReportId, json: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请选择要上传的文件", await ErrorOfAsync(response), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> OddNames => new()
    {
        { "../../etc/passwd.pdf", "passwd.pdf" },
        { "..\\..\\win.pdf", "win.pdf" },
        { "C:\\Users\\张三\\Desktop\\汇报.pdf", "汇报.pdf" },
        { "名字 带空格.pdf", "名字 带空格.pdf" },
        { "控制\u0001字符\u0007\t.pdf", "控制字符.pdf" },
        { "伪装\u202Efdp.exe.pdf", "伪装fdp.exe.pdf" },
    };

    [Theory]
    [MemberData(nameof(OddNames))]
    public async Task Odd_file_names_are_reduced_to_a_safe_last_segment_that_never_reaches_the_disk(string sent, string kept)
    {
        var draft = await NewDraftAsync();
        var before = app.FilesOnDisk();

        using var response = await UploadAsync(_reporter, draft.ReportId, json: true, (sent, PdfBytes(120)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(e => e.ReportId == draft.ReportId));
        Assert.Equal(kept, stored.FileName);
        var added = Assert.Single(app.FilesOnDisk().Except(before));
        Assert.Equal(stored.StoredName, added.Replace(Path.DirectorySeparatorChar, '/'));
        Assert.DoesNotContain("passwd", added, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.Folder, "..", "etc", "passwd.pdf")));

        using var download = await _reporter.GetAsync(new Uri($"/evidence/{stored.Id}", UriKind.Relative));
        Assert.Equal(kept, download.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Theory]
    [InlineData("../../")]
    [InlineData("\u0001\u0002")]
    [InlineData("   ")]
    public async Task A_name_that_is_empty_once_cleaned_is_refused(string sent)
    {
        var draft = await NewDraftAsync();
        var before = app.FilesOnDisk();

        using var response = await UploadAsync(_reporter, draft.ReportId, json: true, (sent, PdfBytes(120)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("文件名不能为空", await ErrorOfAsync(response), StringComparison.Ordinal);
        await AssertNothingStoredAsync(draft, before);
    }

    [Fact]
    public async Task A_name_longer_than_200_characters_is_refused_and_200_is_kept()
    {
        var draft = await NewDraftAsync();
        var longest = new string('长', 196) + ".pdf";

        using (var ok = await UploadAsync(_reporter, draft.ReportId, json: true, (longest, PdfBytes(120))))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(longest, Assert.Single(await UploadedAsync(ok)).Name);
        }

        var before = app.FilesOnDisk();
        using var tooLong = await UploadAsync(_reporter, draft.ReportId, json: true, ("长" + longest, PdfBytes(120)));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("文件名不能超过 200 个字符", await ErrorOfAsync(tooLong), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
        Assert.Equal(before, app.FilesOnDisk());
    }

    [Fact]
    public async Task Another_units_reporter_can_neither_upload_nor_download_nor_delete_and_learns_nothing()
    {
        var draft = await NewDraftAsync();
        var id = await UploadOneAsync(draft);
        var town = app.CreateClientFor("town");
        var before = app.FilesOnDisk();

        using (var upload = await UploadAsync(town, draft.ReportId, json: false, ("外单位.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
            Assert.NotNull((await upload.ReadPageAsync()).QuerySelector("[data-testid=not-found]"));
        }

        using (var upload = await UploadAsync(town, draft.ReportId, json: true, ("外单位.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        }

        using (var download = await town.GetAsync(new Uri($"/evidence/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        }

        using (var delete = await PostDeleteAsync(town, id))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
        Assert.Equal(before, app.FilesOnDisk());
    }

    [Fact]
    public async Task A_leader_may_download_but_not_upload_or_delete()
    {
        var draft = await NewDraftAsync();
        var bytes = PdfBytes(640);
        var id = await UploadOneAsync(draft, bytes);
        var leader = app.CreateClientFor("leader");

        using (var download = await leader.GetAsync(new Uri($"/evidence/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        }

        using (var upload = await UploadAsync(leader, draft.ReportId, json: false, ("领导.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        }

        using (var delete = await PostDeleteAsync(leader, id))
        {
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        }

        Assert.Equal(1, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
    }

    [Fact]
    public async Task Uploading_to_an_accepted_report_is_forbidden_with_a_Chinese_reason()
    {
        var accepted = await app.WithDbAsync(async db =>
        {
            var unit = await ReporterUnitAsync(db);
            return await db.Reports.AsNoTracking().Where(r => r.Status == ReportStatus.Accepted && r.UnitId == unit)
                .Join(db.Tasks.Where(t => t.LeadUnitId == unit), r => r.TaskId, t => t.Id, (r, t) => r.Id).FirstAsync();
        });
        var before = app.FilesOnDisk();

        using (var page = await UploadAsync(_reporter, accepted, json: false, ("迟到的.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            var refused = (await page.ReadPageAsync()).QuerySelector("[data-testid=evidence-refused]")!;
            Assert.Contains("不能再修改附件", refused.TextContent, StringComparison.Ordinal);
        }

        using (var json = await UploadAsync(_reporter, accepted, json: true, ("迟到的.pdf", PdfBytes(100))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
            Assert.Contains("不能再修改附件", await ErrorOfAsync(json), StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == accepted)));
        Assert.Equal(before, app.FilesOnDisk());
    }

    [Fact]
    public async Task The_reporter_deletes_a_file_of_a_draft_and_both_row_and_file_are_gone()
    {
        var draft = await NewDraftAsync();
        var id = await UploadOneAsync(draft);
        var storedName = await app.WithDbAsync(db => db.EvidenceFiles.Where(e => e.Id == id).Select(e => e.StoredName).SingleAsync());
        Assert.True(File.Exists(Path.Combine(app.Folder, storedName)));

        using var response = await PostDeleteAsync(_reporter, id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/tasks/{draft.TaskId}/reports/{draft.Period}", response.Headers.Location!.OriginalString);
        Assert.False(await app.WithDbAsync(db => db.EvidenceFiles.AnyAsync(e => e.Id == id)));
        Assert.False(File.Exists(Path.Combine(app.Folder, storedName)));
        using var gone = await _reporter.GetAsync(new Uri($"/evidence/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Files_of_a_submitted_report_can_be_downloaded_but_no_longer_deleted()
    {
        var draft = await NewDraftAsync();
        var id = await UploadOneAsync(draft);
        await app.WithDbAsync(async db =>
        {
            var report = await db.Reports.SingleAsync(r => r.Id == draft.ReportId);
            report.Submit(app.Clock.GetUtcNow().UtcDateTime, "reporter");
            return await db.SaveChangesAsync();
        });

        using (var delete = await PostDeleteAsync(_reporter, id, json: true))
        {
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            Assert.Contains("不能再修改附件", await ErrorOfAsync(delete), StringComparison.Ordinal);
        }

        using var download = await _reporter.GetAsync(new Uri($"/evidence/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.EvidenceFiles.AnyAsync(e => e.Id == id)));
    }

    [Fact]
    public async Task A_file_missing_on_disk_answers_a_Chinese_404_page()
    {
        var draft = await NewDraftAsync();
        var id = await UploadOneAsync(draft);
        var storedName = await app.WithDbAsync(db => db.EvidenceFiles.Where(e => e.Id == id).Select(e => e.StoredName).SingleAsync());
        File.Delete(Path.Combine(app.Folder, storedName));

        using var response = await _reporter.GetAsync(new Uri($"/evidence/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("附件文件不存在", page.QuerySelector("[data-testid=evidence-refused]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/tasks/{draft.TaskId}/reports/{draft.Period}", page.QuerySelector("[data-testid=evidence-refused] a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Unknown_evidence_and_unknown_reports_answer_404()
    {
        using (var download = await _reporter.GetAsync(new Uri("/evidence/987654", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        }

        using var upload = await UploadAsync(_reporter, 987654, json: true, ("无主.pdf", PdfBytes(100)));
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
    }

    [Fact]
    public async Task The_list_for_the_report_form_shows_the_files_and_whether_they_may_be_changed()
    {
        var draft = await NewDraftAsync();
        var id = await UploadOneAsync(draft, PdfBytes(3 * 1024 * 1024));

        var forReporter = await ListAsync("reporter", draft.ReportId);
        Assert.True(forReporter!.Editable);
        var row = Assert.Single(forReporter.Files);
        Assert.Equal(id, row.Id);
        Assert.Equal("3 MB", row.Size);

        var forLeader = await ListAsync("leader", draft.ReportId);
        Assert.False(forLeader!.Editable);
        Assert.Single(forLeader.Files);

        Assert.Null(await ListAsync("town", draft.ReportId));
    }

    /// <summary>What the report form gets from <see cref="EvidenceList.Handler"/> for a given demo account.</summary>
    private Task<EvidenceList.Model?> ListAsync(string userName, int reportId) => app.WithDbAsync(async db =>
    {
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
        var user = new CurrentUser(account.Id, account.UserName!, account.Role, account.UnitId, account.OfficeId);
        var clock = app.Factory.Services.GetRequiredService<DistrictClock>();
        return await new EvidenceList.Handler(db, new EvidenceReport.Handler(db, user), clock).HandleAsync(reportId, CancellationToken.None);
    });

    private async Task AssertNothingStoredAsync(Draft draft, SortedSet<string> filesBefore)
    {
        Assert.Equal(0, await app.WithDbAsync(db => db.EvidenceFiles.CountAsync(e => e.ReportId == draft.ReportId)));
        Assert.Equal(filesBefore, app.FilesOnDisk());
        Assert.DoesNotContain(app.FilesOnDisk(), f => f.EndsWith(".part", StringComparison.Ordinal));
    }

    private async Task<int> UploadOneAsync(Draft draft, byte[]? bytes = null)
    {
        using var response = await UploadAsync(_reporter, draft.ReportId, json: true, ("佐证材料.pdf", bytes ?? PdfBytes(256)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(await UploadedAsync(response)).Id;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int reportId, bool json, params (string Name, byte[] Content)[] files)
    {
        var token = (await client.GetPageAsync("/tasks")).AntiforgeryToken()!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
            {
                // HttpClient refuses such names; a hand-made client can still send them (percent-encoded).
                part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"files\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
                form.Add(part);
            }
            else
            {
                form.Add(part, "files", name);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/reports/{reportId}/evidence", UriKind.Relative)) { Content = form };
        if (json)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostDeleteAsync(HttpClient client, int id, bool json = false)
    {
        var token = (await client.GetPageAsync("/tasks")).AntiforgeryToken()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/evidence/{id}/delete", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        if (json)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return await client.SendAsync(request);
    }

    private sealed record Uploaded(int Id, string Name, long Size);

    private sealed record UploadAnswer(List<Uploaded> Files);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task<List<Uploaded>> UploadedAsync(HttpResponseMessage response) =>
        (await JsonSerializer.DeserializeAsync<UploadAnswer>(await response.Content.ReadAsStreamAsync(), Web))!.Files;

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("error").GetString()!;
    }

    private sealed record Draft(int ReportId, int TaskId, YearMonth Period);

    /// <summary>A fresh draft on a task the reporter's unit leads (and the town does not cooperate on): 2026-11 first, then later months.</summary>
    private Task<Draft> NewDraftAsync() => app.WithDbAsync(async db =>
    {
        var unit = await ReporterUnitAsync(db);
        var town = await db.Users.Where(u => u.UserName == "town").Select(u => u.UnitId).SingleAsync();
        var task = await db.Tasks.Where(t => t.LeadUnitId == unit && !t.Cooperations.Any(c => c.UnitId == town)).OrderBy(t => t.Id).FirstAsync();
        var periods = await db.Reports.Where(r => r.TaskId == task.Id).Select(r => r.Period).ToListAsync();
        var period = periods.Count == 0 || periods.Max() < OpenPeriod ? OpenPeriod : periods.Max().Next;
        var report = MonthlyReport.StartDraft(task.Id, unit, period);
        report.Fill("本月推进情况：已完成方案起草。", 40, null, null, null);
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        return new Draft(report.Id, task.Id, period);
    });

    private static Task<int> ReporterUnitAsync(AppDbContext db) =>
        db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId!.Value).SingleAsync();

    private static byte[] SampleOf(string extension) => extension switch
    {
        ".pdf" => PdfBytes(2048),
        ".docx" => ZipBytes("[Content_Types].xml", "_rels/.rels", "word/document.xml"),
        ".xlsx" => ZipBytes("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"),
        ".jpg" or ".jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9],
        ".png" => PngBytes(),
        ".doc" or ".xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]],
        _ => throw new ArgumentOutOfRangeException(nameof(extension)),
    };

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

    private static byte[] ZipBytes(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>");
            }
        }

        return buffer.ToArray();
    }
}
