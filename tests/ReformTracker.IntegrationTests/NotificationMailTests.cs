using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Notifications;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// The e-mail copy, driven by calling the dispatcher (the background worker is off in tests), with SmtpClient writing
/// .eml files into a pickup folder. Each test has its own database, so no other test's pending mail is in the way.
/// </summary>
public sealed partial class NotificationMailTests
{
    private const string Address = "caizheng.tianbao@gaoming.gov.cn";

    [Fact]
    public async Task The_dispatcher_writes_one_message_per_notification_to_the_recipients_address_with_a_chinese_subject_and_marks_it_sent()
    {
        await using var scene = await MailScene.StartAsync(createFolder: true);
        await scene.SetEmailAsync("reporter", Address);
        var returned = await scene.ReturnNewReportAsync("请补充本月完成投资的佐证材料");

        var outcome = await scene.DispatchAsync();

        Assert.Equal(new DispatchEmails.Outcome(1, 0, 0), outcome);
        var file = Assert.Single(Directory.GetFiles(scene.Folder, "*.eml"));
        var mail = await File.ReadAllTextAsync(file);
        Assert.Contains(Address, Header(mail, "To"), StringComparison.Ordinal);
        Assert.Contains("noreply@gaoming.gov.cn", Header(mail, "From"), StringComparison.Ordinal);
        Assert.Equal($"【改革任务跟踪系统】月报被退回：{returned.TaskCode} {returned.Period}", DecodeWords(Header(mail, "Subject")));
        var body = DecodeBody(mail);
        Assert.Contains("请补充本月完成投资的佐证材料", body, StringComparison.Ordinal);
        Assert.Contains($"https://reform.example.gov.cn/tasks/{returned.TaskId}/reports/{returned.Period}", body, StringComparison.Ordinal);

        var stored = await scene.NotificationAsync(returned.NotificationId);
        Assert.Equal(EmailDelivery.Sent, stored.EmailState);
        Assert.Equal(scene.App.Clock.Now.UtcDateTime, stored.EmailSentAtUtc);
        Assert.Null(stored.ReadAtUtc);

        Assert.Equal(new DispatchEmails.Outcome(0, 0, 0), await scene.DispatchAsync());
        Assert.Single(Directory.GetFiles(scene.Folder, "*.eml"));
    }

    [Fact]
    public async Task A_recipient_without_an_address_gets_the_in_app_notification_only()
    {
        await using var scene = await MailScene.StartAsync(createFolder: true);
        var returned = await scene.ReturnNewReportAsync("退回");

        Assert.Equal(EmailDelivery.None, (await scene.NotificationAsync(returned.NotificationId)).EmailState);
        Assert.Equal(new DispatchEmails.Outcome(0, 0, 0), await scene.DispatchAsync());
        Assert.Empty(Directory.GetFiles(scene.Folder));
    }

    [Fact]
    public async Task A_failed_send_is_retried_later_and_goes_out_once_the_mail_route_works()
    {
        await using var scene = await MailScene.StartAsync(createFolder: false);
        await scene.SetEmailAsync("reporter", Address);
        var returned = await scene.ReturnNewReportAsync("退回重报");

        Assert.Equal(new DispatchEmails.Outcome(0, 1, 0), await scene.DispatchAsync());
        var failed = await scene.NotificationAsync(returned.NotificationId);
        Assert.Equal(EmailDelivery.Pending, failed.EmailState);
        Assert.Equal(1, failed.EmailAttempts);
        Assert.NotNull(failed.EmailError);
        Assert.True(failed.EmailNextAttemptAtUtc > scene.App.Clock.Now.UtcDateTime);

        // Not due yet: nothing is tried.
        Assert.Equal(new DispatchEmails.Outcome(0, 0, 0), await scene.DispatchAsync());

        Directory.CreateDirectory(scene.Folder);
        scene.App.Clock.Now = scene.App.Clock.Now.AddMinutes(2);
        Assert.Equal(new DispatchEmails.Outcome(1, 0, 0), await scene.DispatchAsync());
        var sent = await scene.NotificationAsync(returned.NotificationId);
        Assert.Equal(EmailDelivery.Sent, sent.EmailState);
        Assert.Equal(2, sent.EmailAttempts);
        Assert.Null(sent.EmailError);
        Assert.Single(Directory.GetFiles(scene.Folder, "*.eml"));
    }

    [Fact]
    public async Task After_the_last_attempt_the_mail_is_given_up_and_the_in_app_notification_stays()
    {
        await using var scene = await MailScene.StartAsync(createFolder: false, maxAttempts: 3);
        await scene.SetEmailAsync("reporter", Address);
        var returned = await scene.ReturnNewReportAsync("退回");

        Assert.Equal(new DispatchEmails.Outcome(0, 1, 0), await scene.DispatchAsync());
        scene.App.Clock.Now = scene.App.Clock.Now.AddMinutes(1);
        Assert.Equal(new DispatchEmails.Outcome(0, 1, 0), await scene.DispatchAsync());
        scene.App.Clock.Now = scene.App.Clock.Now.AddMinutes(2);
        Assert.Equal(new DispatchEmails.Outcome(0, 0, 1), await scene.DispatchAsync());
        scene.App.Clock.Now = scene.App.Clock.Now.AddHours(2);
        Assert.Equal(new DispatchEmails.Outcome(0, 0, 0), await scene.DispatchAsync());

        var stored = await scene.NotificationAsync(returned.NotificationId);
        Assert.Equal(EmailDelivery.Abandoned, stored.EmailState);
        Assert.Equal(3, stored.EmailAttempts);
        using var reporter = scene.ClientFor("reporter");
        var list = await reporter.GetPageAsync("/notifications");
        Assert.NotNull(list.QuerySelector($"[data-notification-id='{returned.NotificationId}'][data-read=false]"));
    }

    private static string Header(string mail, string name)
    {
        var match = Regex.Match(mail, $@"^{name}: (.*(?:\r?\n[ \t].*)*)", RegexOptions.Multiline);
        Assert.True(match.Success, $"No {name} header in:\n{mail}");
        return Regex.Replace(match.Groups[1].Value, @"\r?\n[ \t]", " ").Trim();
    }

    /// <summary>Decodes RFC 2047 encoded words (=?utf-8?B?…?= and =?utf-8?Q?…?=), as a mail program would.</summary>
    private static string DecodeWords(string header)
    {
        // Whitespace between two encoded words is folding, not text.
        var joined = Regex.Replace(header, @"\?=\s+=\?", "?==?");
        return EncodedWord().Replace(joined, m =>
        {
            var bytes = m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(m.Groups[3].Value)
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
            return Encoding.GetEncoding(m.Groups[1].Value).GetString(bytes);
        });
    }

    private static string DecodeBody(string mail)
    {
        var split = mail.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = mail[(split + 4)..];
        var encoding = Header(mail, "Content-Transfer-Encoding");
        var bytes = encoding.Equals("base64", StringComparison.OrdinalIgnoreCase)
            ? Convert.FromBase64String(Regex.Replace(body, @"\s", string.Empty))
            : QuotedPrintable(Regex.Replace(body, "=\r?\n", string.Empty));
        return Encoding.UTF8.GetString(bytes);
    }

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return bytes.ToArray();
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    internal sealed record Returned(int NotificationId, int TaskId, string TaskCode, YearMonth Period);

    /// <summary>Its own database and a host with mail configured to a pickup folder (created or, to make sending fail, not).</summary>
    private sealed class MailScene : IAsyncDisposable
    {
        private readonly List<HttpClient> _clients = [];

        private MailScene(TestApp app, WebApplicationFactory<Program> host, string folder)
        {
            App = app;
            Host = host;
            Folder = folder;
        }

        public TestApp App { get; }

        public WebApplicationFactory<Program> Host { get; }

        public string Folder { get; }

        public static Task<MailScene> StartAsync(bool createFolder, int maxAttempts = 5)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"reformtracker-mail-{Guid.NewGuid():N}");
            if (createFolder)
            {
                Directory.CreateDirectory(folder);
            }

            var app = new TestApp();
            var host = app.WithWebHostBuilder(b => b
                .UseSetting("Notifications:Email:PickupDirectory", folder)
                .UseSetting("Notifications:Email:From", "noreply@gaoming.gov.cn")
                .UseSetting("Notifications:Email:SiteUrl", "https://reform.example.gov.cn/")
                .UseSetting("Notifications:Email:MaxAttempts", maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return Task.FromResult(new MailScene(app, host, folder));
        }

        public HttpClient ClientFor(string userName)
        {
            var client = Host.CreateDefaultClient(new SignedInHandler(userName, TestApp.DemoPassword), new CookieContainerHandler());
            _clients.Add(client);
            return client;
        }

        public async Task SetEmailAsync(string userName, string address)
        {
            var response = await ClientFor(userName).SubmitFormAsync("/account/email", new Dictionary<string, string?> { ["Email"] = address });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        /// <summary>The demo reporter submits a report on a task of the demo reviewer's office; the reviewer returns it.</summary>
        public async Task<Returned> ReturnNewReportAsync(string comment)
        {
            var (reportId, taskId, code, period) = await WithDbAsync(async db =>
            {
                var office = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
                var unit = await db.Users.Where(u => u.UserName == "reporter").Select(u => u.UnitId).SingleAsync();
                var period = new YearMonth(2026, 10);
                var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
                var task = new ReformTask(area.PlanId, new TaskDefinition(
                    $"MAIL-{Guid.NewGuid():N}"[..16], "邮件测试任务", "内容", "目标", "标准", area.Id, office!.Value, unit!.Value, null,
                    new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), TaskPriority.Normal, null), []);
                task.ChangeStatus(ReformTaskStatus.InProgress, new DateOnly(2026, 1, 1));
                db.Tasks.Add(task);
                await db.SaveChangesAsync();
                var report = MonthlyReport.StartDraft(task.Id, task.LeadUnitId, period);
                report.Fill("本月完成投资 500 万元", 40, null, null, null);
                report.Submit(new DateTime(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc), "reporter");
                db.Reports.Add(report);
                await db.SaveChangesAsync();
                return (report.Id, task.Id, task.Code, period);
            });
            var since = await WithDbAsync(async db => await db.Notifications.MaxAsync(n => (int?)n.Id) ?? 0);
            var response = await ClientFor("reviewer").SubmitFormAsync($"/review/{reportId}", new Dictionary<string, string?> { ["Comment"] = comment }, "form[data-testid=return-form]");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var id = await WithDbAsync(db => db.Notifications.Where(n => n.Id > since).Select(n => n.Id).SingleAsync());
            return new Returned(id, taskId, code, period);
        }

        public async Task<DispatchEmails.Outcome> DispatchAsync()
        {
            await using var scope = Host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DispatchEmails.Handler>().HandleAsync(CancellationToken.None);
        }

        public Task<Notification> NotificationAsync(int id) => WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            await Host.DisposeAsync();
            await App.DisposeAsync();
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }

        private async Task<T> WithDbAsync<T>(Func<ReformTracker.Web.Data.AppDbContext, Task<T>> work)
        {
            await using var scope = Host.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<ReformTracker.Web.Data.AppDbContext>());
        }
    }
}
