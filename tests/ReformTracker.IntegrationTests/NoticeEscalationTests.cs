using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

public sealed class NoticeEscalationTests(TestApp app) : IClassFixture<TestApp>
{
    private const string OtherReviewer = "reviewer-other";

    public static TheoryData<string, string, bool> DecisionsByRole()
    {
        var data = new TheoryData<string, string, bool>();
        string[] users = ["reporter", "town", "leader", "admin", "auditor", "supervisor", "reviewer", OtherReviewer];
        foreach (var issuer in new[] { "reviewer", "supervisor" })
        {
            foreach (var user in users)
            {
                data.Add(issuer, user, user == issuer);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DecisionsByRole))]
    public async Task Only_the_issuers_office_may_close_return_or_escalate_a_notice(string issuer, string userName, bool allowed)
    {
        await EnsureOtherReviewerAsync();
        foreach (var action in new[] { "return", "escalate", "close" })
        {
            var id = await NewNoticeAsync(issuer, NoticeStatus.Responded);
            var before = await NoticeAsync(id);
            using var client = app.CreateClientFor(userName);
            var token = (await client.GetPageAsync("/account/password")).AntiforgeryToken()!;

            var response = await client.PostAsync($"/notices/{id}/{action}", new Dictionary<string, string>
            {
                ["Text"] = "理由", ["__RequestVerificationToken"] = token,
            });

            var after = await NoticeAsync(id);
            if (allowed)
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.True(action == "escalate" ? after.Escalations.Count == 1 : after.Version != before.Version, $"{userName} could not {action}");
            }
            else
            {
                Assert.True(
                    response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                    $"{userName} {action} on a notice of {issuer}: {response.StatusCode}");
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.Status, after.Status);
                Assert.Empty(after.Escalations);
            }
        }
    }

    [Fact]
    public async Task A_supervisor_escalates_by_hand_with_good_faith_once_and_the_new_notice_goes_to_the_head()
    {
        var id = await NewNoticeAsync("supervisor", NoticeStatus.SignedFor);
        using var supervisor = app.CreateClientFor("supervisor");

        var refused = await supervisor.SubmitFormAsync($"/notices/{id}", new Dictionary<string, string?>
        {
            ["Text"] = "多次催办未果", ["GoodFaith"] = "true", ["GoodFaithReason"] = " ",
        }, "[data-testid=escalate-form] form");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("认定容错须填写理由", (await supervisor.GetPageAsync($"/notices/{id}")).QuerySelector(".alert-danger")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await NoticeAsync(id)).Escalations);

        var response = await supervisor.SubmitFormAsync($"/notices/{id}", new Dictionary<string, string?>
        {
            ["Text"] = "多次催办未果", ["GoodFaith"] = "true", ["GoodFaithReason"] = "受台风影响停工一周",
        }, "[data-testid=escalate-form] form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var step = Assert.Single((await NoticeAsync(id)).Escalations);
        Assert.Equal(EscalationStep.Escalated, step.Step);
        Assert.True(step.GoodFaith);
        Assert.Equal("受台风影响停工一周", step.GoodFaithReason);
        Assert.Equal("supervisor", step.TakenBy);
        var next = await NoticeAsync(step.ResultingNoticeId!.Value);
        Assert.Equal($"/notices/{next.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(id, next.EscalatedFromId);
        Assert.Equal(NoticeKind.Rectification, next.Kind);
        Assert.Equal(new DateOnly(2026, 11, 28), next.Deadline);
        Assert.Equal("supervisor", next.IssuedBy);

        var page = await supervisor.GetPageAsync($"/notices/{next.Id}");
        Assert.Contains("主要负责人", page.QuerySelector("[data-testid=addressed-to]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"[data-testid=escalated-from] a[href='/notices/{id}']"));
        var original = await supervisor.GetPageAsync($"/notices/{id}");
        Assert.Null(original.QuerySelector("[data-testid=escalate-form]"));
        Assert.Contains("受台风影响停工一周", original.QuerySelector("[data-testid=ladder-step]")!.TextContent, StringComparison.Ordinal);

        var audit = await app.WithDbAsync(db => db.AuditRecords.AsNoTracking()
            .Where(r => r.EntityType == nameof(NoticeEscalation) && r.EntityId == step.Id.ToString(CultureInfo.InvariantCulture)).ToListAsync());
        Assert.Equal("supervisor", Assert.Single(audit).UserName);

        var again = await supervisor.PostAsync($"/notices/{id}/escalate", new Dictionary<string, string>
        {
            ["Text"] = "再次升级", ["__RequestVerificationToken"] = original.AntiforgeryToken()!,
        });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Single((await NoticeAsync(id)).Escalations);
    }

    [Fact]
    public async Task Running_the_ladder_twice_on_a_day_changes_nothing_and_a_responded_notice_never_climbs()
    {
        var neglected = await NewNoticeAsync("supervisor", NoticeStatus.SignedFor, deadline: new DateOnly(2026, 11, 20));
        var answered = await NewNoticeAsync("supervisor", NoticeStatus.Responded, deadline: new DateOnly(2026, 11, 20));

        var first = await LadderAsync();
        var count = await app.WithDbAsync(db => db.NoticeEscalations.CountAsync());
        var second = await LadderAsync();

        Assert.True(first.Escalations >= 1);
        Assert.Equal(new Web.Features.Notices.EscalateNotices.Outcome(0, 0, 0), second);
        Assert.Equal(count, await app.WithDbAsync(db => db.NoticeEscalations.CountAsync()));
        Assert.Single((await NoticeAsync(neglected)).Escalations);
        Assert.Empty((await NoticeAsync(answered)).Escalations);
    }

    private async Task<Web.Features.Notices.EscalateNotices.Outcome> LadderAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Web.Features.Notices.EscalateNotices.Handler>().HandleAsync(CancellationToken.None);
    }

    private Task<Notice> NoticeAsync(int id) =>
        app.WithDbAsync(db => db.Notices.AsNoTracking().Include(n => n.Escalations).SingleAsync(n => n.Id == id));

    /// <summary>A notice on a task of the demo reviewer's office, issued by that office (issuer "reviewer") or by a supervisor.</summary>
    private Task<int> NewNoticeAsync(string issuer, NoticeStatus state, DateOnly? deadline = null) => app.WithDbAsync(async db =>
    {
        var office = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
        var task = await db.Tasks.Where(t => t.OfficeId == office).OrderBy(t => t.Id).FirstAsync();
        var kind = NoticeKind.SupervisionNotice;
        var max = await db.Notices.Where(n => n.Kind == kind && n.Year == 2026).MaxAsync(n => (int?)n.Sequence);
        var now = app.Clock.Now.UtcDateTime;
        var notice = new Notice(
            kind, 2026, NoticeNumbering.Next(max), task.LeadUnitId, task.Id, null, "请加快推进", deadline ?? new DateOnly(2026, 12, 31), issuer,
            issuer == "reviewer" ? office : null, now.AddDays(-5));
        if (state != NoticeStatus.Issued)
        {
            notice.SignFor(now, "reporter");
        }

        if (state == NoticeStatus.Responded)
        {
            notice.Respond("已整改", now, "reporter");
        }

        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        return notice.Id;
    });

    private async Task EnsureOtherReviewerAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(OtherReviewer) is not null)
        {
            return;
        }

        var office = await app.WithDbAsync(async db =>
        {
            var own = await db.Users.Where(u => u.UserName == "reviewer").Select(u => u.OfficeId).SingleAsync();
            return await db.Offices.Where(o => o.Id != own).Select(o => o.Id).FirstAsync();
        });
        await users.CreateAsync(new AppUser { UserName = OtherReviewer, DisplayName = "另一专项办审核员", Role = Roles.OfficeReviewer, OfficeId = office }, TestApp.DemoPassword);
    }
}
