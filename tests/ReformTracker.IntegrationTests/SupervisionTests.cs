using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Notices;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.IntegrationTests;

public sealed class SupervisionTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task Evaluating_twice_changes_nothing_the_second_time_and_never_duplicates_a_flag()
    {
        await EvaluateAsync();

        var second = await EvaluateAsync();

        Assert.Equal((0, 0, 0), (second.Opened, second.Refreshed, second.Closed));
        var duplicates = await app.WithDbAsync(db => db.Flags.Where(f => f.ClosedAtUtc == null)
            .GroupBy(f => new { f.TaskId, f.Rule, f.SubjectKey }).CountAsync(g => g.Count() > 1));
        Assert.Equal(0, duplicates);
        Assert.True(await app.WithDbAsync(db => db.Flags.AnyAsync(f => f.ClosedAtUtc == null && f.Light == Light.Red)), "the demo district has red flags");
    }

    [Fact]
    public async Task A_condition_that_clears_closes_its_flag_by_itself()
    {
        var taskId = await NewTaskAsync(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), milestoneOn: new DateOnly(2026, 11, 10));
        await EvaluateAsync();
        var flag = await app.WithDbAsync(db => db.Flags.SingleAsync(f => f.TaskId == taskId && f.Rule == FlagRule.MilestoneOverdue && f.ClosedAtUtc == null));

        await app.WithDbAsync(async db =>
        {
            var task = await db.Tasks.Include(t => t.Milestones).SingleAsync(t => t.Id == taskId);
            var milestone = task.Milestones.Single();
            task.UpdateMilestone(milestone.Id, milestone.Title, milestone.PlannedDate, new DateOnly(2026, 11, 20));
            return await db.SaveChangesAsync();
        });
        await EvaluateAsync([taskId]);

        var closed = await app.WithDbAsync(db => db.Flags.SingleAsync(f => f.Id == flag.Id));
        Assert.NotNull(closed.ClosedAtUtc);
        Assert.False(await app.WithDbAsync(db => db.Flags.AnyAsync(f => f.TaskId == taskId && f.Rule == FlagRule.MilestoneOverdue && f.ClosedAtUtc == null)));
    }

    [Fact]
    public async Task The_light_and_its_reasons_show_on_the_task_list_and_the_task_page()
    {
        var taskId = await NewTaskAsync(new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 1), milestoneOn: null);
        await EvaluateAsync([taskId]);
        using var admin = app.CreateBrowserlikeClient();
        var code = await app.WithDbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Code).SingleAsync());

        var list = await admin.GetPageAsync($"/tasks?q={code}");
        var detail = await admin.GetPageAsync($"/tasks/{taskId}");
        var reds = await admin.GetPageAsync("/tasks?light=Red&size=100");

        var dot = list.QuerySelector("[data-testid=light]")!;
        Assert.Equal("Red", dot.GetAttribute("data-light"));
        Assert.Contains("已超过完成时限 22 天", dot.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("红灯", detail.QuerySelector("[data-testid=light-label]")!.TextContent.Trim());
        Assert.Contains("已超过完成时限 22 天（时限 2026-11-01）", detail.QuerySelector("[data-testid=light-reasons]")!.TextContent, StringComparison.Ordinal);
        Assert.All(reds.QuerySelectorAll("[data-testid=light]"), d => Assert.Equal("Red", d.GetAttribute("data-light")));
        Assert.Contains(code, reds.QuerySelector("[data-testid=task-table]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixty_days_of_a_neglected_task_light_flags_escalate_and_list_it_in_the_bulletin_on_the_expected_days()
    {
        var original = app.Clock.Now;
        try
        {
            var taskId = await NewTaskAsync(new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 31), milestoneOn: new DateOnly(2026, 10, 15), code: "SIM");
            using var supervisor = app.CreateClientFor("supervisor");
            var opened = new Dictionary<FlagRule, DateOnly>();
            var lights = new Dictionary<DateOnly, Light>();
            var steps = new Dictionary<(int NoticeId, EscalationStep Step), DateOnly>();
            int? noticeId = null;
            for (var day = new DateOnly(2026, 9, 1); day < new DateOnly(2026, 10, 31); day = day.AddDays(1))
            {
                app.Clock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
                await EvaluateAsync([taskId]);
                await EscalateAsync();
                lights[day] = await app.WithDbAsync(db => db.TaskLights.Where(l => l.TaskId == taskId).Select(l => l.Light).SingleAsync());
                foreach (var rule in await app.WithDbAsync(db => db.Flags.Where(f => f.TaskId == taskId && f.ClosedAtUtc == null).Select(f => f.Rule).ToListAsync()))
                {
                    opened.TryAdd(rule, day);
                }

                foreach (var step in await app.WithDbAsync(db => db.NoticeEscalations.AsNoTracking()
                    .Where(e => db.Notices.Any(n => n.Id == e.NoticeId && n.TaskId == taskId)).ToListAsync()))
                {
                    steps.TryAdd((step.NoticeId, step.Step), day);
                }

                if (noticeId is null && lights[day] == Light.Red)
                {
                    // The supervisor acts on the first red light; the unit then neglects the notice too.
                    var flagId = await app.WithDbAsync(db => db.Flags.Where(f => f.TaskId == taskId && f.Rule == FlagRule.MilestoneOverdue).Select(f => f.Id).SingleAsync());
                    var response = await supervisor.SubmitFormAsync($"/notices/create?task={taskId}&flag={flagId}", new Dictionary<string, string?>
                    {
                        ["Kind"] = "Rectification", ["Deadline"] = day.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    });
                    Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                    noticeId = int.Parse(response.Headers.Location!.OriginalString["/notices/".Length..], CultureInfo.InvariantCulture);
                }
            }

            Assert.Equal(Light.Green, lights[new DateOnly(2026, 9, 1)]);
            Assert.Equal(new DateOnly(2026, 10, 6), opened[FlagRule.ReportMissing]);
            Assert.Equal(Light.Yellow, lights[new DateOnly(2026, 10, 6)]);
            Assert.Equal(new DateOnly(2026, 10, 16), opened[FlagRule.MilestoneOverdue]);
            Assert.Equal(Light.Red, lights[new DateOnly(2026, 10, 16)]);
            Assert.Equal(new DateOnly(2026, 10, 1), opened[FlagRule.DueSoon]);
            Assert.DoesNotContain(FlagRule.TaskOverdue, opened.Keys);
            Assert.Equal(1, await app.WithDbAsync(db => db.Flags.CountAsync(f => f.TaskId == taskId && f.Rule == FlagRule.MilestoneOverdue)));

            // Issued 10-16 with a deadline of 10-23: reminded 10-18, escalated 10-24 with a deadline of 10-29, listed 10-30.
            var first = noticeId!.Value;
            Assert.Equal(new DateOnly(2026, 10, 18), steps[(first, EscalationStep.Reminder)]);
            Assert.Equal(new DateOnly(2026, 10, 24), steps[(first, EscalationStep.Escalated)]);
            var escalated = await app.WithDbAsync(db => db.Notices.AsNoTracking().SingleAsync(n => n.EscalatedFromId == first));
            Assert.Equal(NoticeKind.Rectification, escalated.Kind);
            Assert.Equal(new DateOnly(2026, 10, 29), escalated.Deadline);
            Assert.Contains("主要负责人", escalated.AddressedTo, StringComparison.Ordinal);
            Assert.Equal(new DateOnly(2026, 10, 26), steps[(escalated.Id, EscalationStep.Reminder)]);
            Assert.Equal(new DateOnly(2026, 10, 30), steps[(escalated.Id, EscalationStep.ListedInBulletin)]);
            Assert.Equal(4, steps.Count);
            Assert.Equal(2, await app.WithDbAsync(db => db.Notices.CountAsync(n => n.TaskId == taskId)));

            using var reader = app.CreateClientFor("supervisor");
            var bulletin = await reader.GetPageAsync("/notices/bulletin");
            var row = bulletin.QuerySelector($"[data-quarter='20264'] [data-testid=bulletin-row][data-notice-id='{escalated.Id}']");
            Assert.NotNull(row);
            Assert.Contains("列入下期通报", row.TextContent, StringComparison.Ordinal);
            var list = await reader.GetPageAsync("/notices");
            Assert.Equal("列入通报", list.QuerySelector($"[data-notice-id='{escalated.Id}'] [data-testid=ladder]")!.TextContent.Trim());
            Assert.NotNull(list.QuerySelector($"[data-notice-id='{escalated.Id}'] [data-testid=is-escalation]"));
            Assert.Equal("升级督办", list.QuerySelector($"[data-notice-id='{first}'] [data-testid=ladder]")!.TextContent.Trim());
            var page = await reader.GetPageAsync($"/notices/{first}");
            Assert.Equal(["Reminder", "Escalated"], page.QuerySelectorAll("[data-testid=ladder-step]").Select(s => s.GetAttribute("data-step")!).ToArray());
        }
        finally
        {
            app.Clock.Now = original;
        }
    }

    [Fact]
    public async Task Only_one_instance_holds_the_evaluation_lease_until_it_expires()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<LeaseKeeper>();
        var name = $"test-{Guid.NewGuid():N}";

        Assert.True(await leases.TryAcquireAsync(name, "instance-a", TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.False(await leases.TryAcquireAsync(name, "instance-b", TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.True(await leases.TryAcquireAsync(name, "instance-a", TimeSpan.FromMinutes(5), CancellationToken.None));

        var original = app.Clock.Now;
        app.Clock.Now = original.AddMinutes(6);
        try
        {
            Assert.True(await leases.TryAcquireAsync(name, "instance-b", TimeSpan.FromMinutes(5), CancellationToken.None));
            Assert.False(await leases.TryAcquireAsync(name, "instance-a", TimeSpan.FromMinutes(5), CancellationToken.None));
        }
        finally
        {
            app.Clock.Now = original;
        }
    }

    private async Task EscalateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EscalateNotices.Handler>().HandleAsync(CancellationToken.None);
    }

    private async Task<EvaluateFlags.Outcome> EvaluateAsync(IReadOnlyCollection<int>? taskIds = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(taskIds, CancellationToken.None);
    }

    private Task<int> NewTaskAsync(DateOnly start, DateOnly due, DateOnly? milestoneOn, string code = "SUP") => app.WithDbAsync(async db =>
    {
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var office = await db.Offices.OrderBy(o => o.Id).FirstAsync();
        var unit = await db.Units.OrderBy(u => u.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"{code}-{Guid.NewGuid():N}"[..16], "督查测试任务", "内容", "目标", "标准", area.Id, office.Id, unit.Id, null,
            start, due, TaskPriority.Normal, null), []);
        task.ChangeStatus(ReformTaskStatus.InProgress, start);
        if (milestoneOn is { } planned)
        {
            task.AddMilestone("完成方案报批", planned);
        }

        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    });
}
