using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// The evaluation reads summaries instead of every report; these tests hold it to the judgements made from every report,
/// on the demo district and on tasks built to be awkward.
/// </summary>
public sealed class SupervisionEvaluationTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly DateTime Utc = new(2026, 10, 3, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_summarised_facts_judge_every_task_exactly_as_reading_every_report_did()
    {
        var scene = await ArrangeAwkwardTasksAsync();
        var today = DateOnly.FromDateTime(app.Clock.Now.DateTime);
        var calendar = new ReportingCalendar();
        var settings = new SupervisionSettings();

        var (expected, actual) = await app.WithDbAsync(async db => (
            (await ReadingEveryReportAsync(db, today)).Select(f => SupervisionRules.Judge(f, today, calendar, settings)).ToDictionary(j => j.TaskId),
            (await SupervisionFacts.LoadAsync(db, null, today, CancellationToken.None)).Select(f => SupervisionRules.Judge(f, today, calendar, settings)).ToDictionary(j => j.TaskId)));

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (taskId, judgement) in expected)
        {
            var summarised = actual[taskId];
            Assert.Equal((judgement.Light, judgement.ExpectedPercent, judgement.PredictedFinish, judgement.Summary),
                (summarised.Light, summarised.ExpectedPercent, summarised.PredictedFinish, summarised.Summary));
            Assert.Equal(judgement.Findings, summarised.Findings);
        }

        // The awkward tasks do reach the rules they were built for.
        var keys = expected[scene.Mixed].Findings.Select(f => f.SubjectKey).ToList();
        Assert.Contains("stall", keys);
        Assert.Contains($"p{scene.OverdueMeasureOnLatestFiled}", keys);
        Assert.DoesNotContain($"p{scene.OverdueMeasureOnOlderReport}", keys);
        Assert.Contains("r2026-06", keys);
        Assert.Contains("r2026-10", keys);
        Assert.Contains(keys, k => k.StartsWith('m'));
        Assert.Contains($"p{scene.OverdueMeasureOnWithdrawnDraft}", expected[scene.WithdrawnAfterReturn].Findings.Select(f => f.SubjectKey));
        Assert.Empty(expected[scene.Completed].Findings);
        Assert.Empty(expected[scene.NotYetStarted].Findings);

        // And the evaluation stores what those judgements say.
        await EvaluateAsync();
        await app.WithDbAsync(async db =>
        {
            var open = await db.Flags.AsNoTracking().Where(f => f.TaskId != null && f.ClosedAtUtc == null)
                .Select(f => new { TaskId = f.TaskId!.Value, f.Rule, f.SubjectKey, f.Light, f.Reason }).ToListAsync();
            Assert.Equal(
                expected.Values.SelectMany(j => j.Findings.Select(f => (j.TaskId, f.Rule, f.SubjectKey, f.Light, f.Reason))).Order(),
                open.Select(f => (f.TaskId, f.Rule, f.SubjectKey, f.Light, f.Reason)).Order());
            var lights = await db.TaskLights.AsNoTracking().ToDictionaryAsync(l => l.TaskId);
            Assert.Equal(expected.Keys.Order(), lights.Keys.Order());
            Assert.All(expected.Values, j => Assert.Equal(
                (j.Light, j.Summary, j.ExpectedPercent, j.PredictedFinish),
                (lights[j.TaskId].Light, lights[j.TaskId].Reasons, lights[j.TaskId].ExpectedPercent, lights[j.TaskId].PredictedFinish)));
            return 0;
        });
    }

    [Fact]
    public async Task A_deleted_task_loses_its_open_flags_and_its_light()
    {
        var taskId = await app.WithDbAsync(async db =>
        {
            var task = await NewTaskAsync(db, "DEL", new DateOnly(2026, 1, 1), new DateOnly(2026, 10, 31));
            await db.SaveChangesAsync();
            return task.Id;
        });
        await EvaluateAsync();
        Assert.True(await app.WithDbAsync(db => db.Flags.AnyAsync(f => f.TaskId == taskId && f.ClosedAtUtc == null)));

        await app.WithDbAsync(async db =>
        {
            (await db.Tasks.SingleAsync(t => t.Id == taskId)).MarkDeleted(Utc);
            return await db.SaveChangesAsync();
        });
        await EvaluateAsync();

        Assert.False(await app.WithDbAsync(db => db.Flags.AnyAsync(f => f.TaskId == taskId && f.ClosedAtUtc == null)));
        Assert.False(await app.WithDbAsync(db => db.TaskLights.AnyAsync(l => l.TaskId == taskId)));
    }

    [Fact]
    public async Task A_second_evaluation_on_the_same_day_writes_nothing_and_audits_nothing()
    {
        await ArrangeAwkwardTasksAsync();
        var first = await EvaluateAsync();
        Assert.True(first.Opened > 0, "the first evaluation opens flags");
        var before = await SnapshotAsync();

        var original = app.Clock.Now;
        app.Clock.Now = original.AddHours(1);
        try
        {
            var second = await EvaluateAsync();

            Assert.Equal((0, 0, 0, 0), (second.Opened, second.Refreshed, second.Closed, second.LightsWritten));
            Assert.Equal(before, await SnapshotAsync());
        }
        finally
        {
            app.Clock.Now = original;
        }
    }

    /// <summary>Everything an evaluation could have written: audit trail, flags with their versions, lights with their stamps, notifications.</summary>
    private Task<string> SnapshotAsync() => app.WithDbAsync(async db =>
    {
        var audit = await db.AuditRecords.CountAsync();
        var flags = await db.Flags.AsNoTracking().OrderBy(f => f.Id).Select(f => $"{f.Id}:{f.Version}:{f.ClosedAtUtc}").ToListAsync();
        var lights = await db.TaskLights.AsNoTracking().OrderBy(l => l.TaskId).Select(l => $"{l.TaskId}:{l.EvaluatedAtUtc:O}").ToListAsync();
        var notifications = await db.Notifications.CountAsync();
        return $"{audit}|{notifications}|{string.Join(',', flags)}|{string.Join(',', lights)}";
    });

    private async Task<EvaluateFlags.Outcome> EvaluateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EvaluateFlags.Handler>().HandleAsync(null, CancellationToken.None);
    }

    private sealed record Scene(
        int Mixed, int OverdueMeasureOnLatestFiled, int OverdueMeasureOnOlderReport,
        int WithdrawnAfterReturn, int OverdueMeasureOnWithdrawnDraft, int Completed, int NotYetStarted);

    /// <summary>
    /// A task with a month never filed between filed ones, a stall over its latest two accepted reports, a returned
    /// latest filed report carrying an overdue, a resolved and a not yet due measure, a draft never submitted, and an
    /// overdue, a reached and a future milestone; a task whose latest filed report is a draft withdrawn after a return;
    /// a completed task with an overdue milestone; a task not yet started.
    /// </summary>
    private Task<Scene> ArrangeAwkwardTasksAsync() => app.WithDbAsync(async db =>
    {
        var mixed = await NewTaskAsync(db, "MIX", new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31));
        mixed.AddMilestone("方案报批", new DateOnly(2026, 6, 30));
        mixed.AddMilestone("招标完成", new DateOnly(2026, 9, 30), new DateOnly(2026, 9, 20));
        mixed.AddMilestone("竣工验收", new DateOnly(2027, 1, 15));
        var withdrawn = await NewTaskAsync(db, "WDR", new DateOnly(2026, 8, 1), new DateOnly(2027, 6, 30));
        var completed = await NewTaskAsync(db, "CMP", new DateOnly(2026, 2, 1), new DateOnly(2026, 8, 31));
        completed.AddMilestone("已逾期节点", new DateOnly(2026, 5, 1));
        var notYetStarted = await NewTaskAsync(db, "NYS", new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31));
        await db.SaveChangesAsync();

        var unit = mixed.LeadUnitId;
        Accepted(db, mixed, new YearMonth(2026, 5), 30);
        Accepted(db, mixed, new YearMonth(2026, 7), 40);
        ReportProblem? olderProblem = null;
        Accepted(db, mixed, new YearMonth(2026, 8), 40, r => olderProblem = r.AddProblem("旧问题", "旧措施", null, new DateOnly(2026, 9, 1)));
        ReportProblem? overdue = null;
        var returned = Submitted(db, mixed.Id, unit, new YearMonth(2026, 9), 45, r =>
        {
            overdue = r.AddProblem("资金未到位", "协调财政", null, new DateOnly(2026, 10, 1));
            r.AddProblem("用地未批", "加快报批", null, new DateOnly(2026, 12, 31));
            r.AddProblem("已解决问题", "已落实", null, new DateOnly(2026, 10, 1)).MarkResolved(new DateOnly(2026, 10, 15));
        });
        returned.Return("请补充说明", Utc, "测试");
        var draft = MonthlyReport.StartDraft(mixed.Id, unit, new YearMonth(2026, 10));
        draft.Fill("草稿", 50, null, null, null);
        db.Reports.Add(draft);

        Accepted(db, withdrawn, new YearMonth(2026, 9), 20);
        ReportProblem? againProblem = null;
        var again = Submitted(db, withdrawn.Id, withdrawn.LeadUnitId, new YearMonth(2026, 10), 25,
            r => againProblem = r.AddProblem("审批滞后", "专人跟进", null, new DateOnly(2026, 11, 1)));
        again.Return("数据有误", Utc, "测试");
        again.Submit(Utc, "测试");
        again.Withdraw();

        Accepted(db, completed, new YearMonth(2026, 7), 100);
        completed.CompleteByCloseOut(new DateOnly(2026, 8, 20));
        await db.SaveChangesAsync();
        return new Scene(mixed.Id, overdue!.Id, olderProblem!.Id, withdrawn.Id, againProblem!.Id, completed.Id, notYetStarted.Id);
    });

    private static MonthlyReport Submitted(AppDbContext db, int taskId, int unitId, YearMonth period, int percent, Action<MonthlyReport>? beforeSubmit = null)
    {
        var report = MonthlyReport.StartDraft(taskId, unitId, period);
        report.Fill($"{period} 进展", percent, null, null, null);
        beforeSubmit?.Invoke(report);
        report.Submit(Utc, "测试");
        db.Reports.Add(report);
        return report;
    }

    private static MonthlyReport Accepted(AppDbContext db, ReformTask task, YearMonth period, int percent, Action<MonthlyReport>? beforeSubmit = null)
    {
        var report = Submitted(db, task.Id, task.LeadUnitId, period, percent, beforeSubmit);
        report.Accept(Utc, "测试", task);
        return report;
    }

    private static async Task<ReformTask> NewTaskAsync(AppDbContext db, string code, DateOnly start, DateOnly due)
    {
        var area = await db.Areas.OrderBy(a => a.Id).FirstAsync();
        var office = await db.Offices.OrderBy(o => o.Id).FirstAsync();
        var unit = await db.Units.OrderBy(u => u.Id).FirstAsync();
        var task = new ReformTask(area.PlanId, new TaskDefinition(
            $"{code}-{Guid.NewGuid():N}"[..16], "督查评估任务", "内容", "目标", "标准", area.Id, office.Id, unit.Id, null,
            start, due, TaskPriority.Normal, null), []);
        if (start <= new DateOnly(2026, 11, 23))
        {
            task.ChangeStatus(ReformTaskStatus.InProgress, start);
        }

        db.Tasks.Add(task);
        return task;
    }

    /// <summary>The facts as the evaluation gathered them before it summarised in the database: every report read.</summary>
    private static async Task<List<TaskFacts>> ReadingEveryReportAsync(AppDbContext db, DateOnly today)
    {
        var reportingSince = await db.Reports.AsNoTracking().OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefaultAsync();
        var tasks = await db.Tasks.AsNoTracking().ToListAsync();
        var milestones = (await db.Milestones.AsNoTracking().ToListAsync()).ToLookup(m => m.TaskId);
        var reports = (await db.Reports.AsNoTracking().ToListAsync()).ToLookup(r => r.TaskId);
        var latestFiled = reports.ToDictionary(g => g.Key, g => g.Where(r => r.FirstSubmittedAtUtc != null).OrderByDescending(r => r.Period).Select(r => (int?)r.Id).FirstOrDefault());
        var problems = (await db.ReportProblems.AsNoTracking().ToListAsync())
            .Where(p => p.ResolvedOn == null && p.ResolveBy != null && p.ResolveBy < today)
            .ToLookup(p => p.ReportId, p => new ProblemFact(p.Id, p.Description, p.Measure, p.ResolveBy!.Value));
        return tasks.Select(t => new TaskFacts(
            t.Id, t.StartDate, t.DueDate, t.Status, t.CompletedOn, t.PercentComplete,
            milestones[t.Id].Select(m => new MilestoneFact(m.Id, m.Title, m.PlannedDate, m.DoneDate)).ToList(),
            reports[t.Id].Where(r => r.Status == ReportStatus.Accepted).Select(r => new AcceptedPercent(r.Period, r.PercentComplete)).ToList(),
            reports[t.Id].ToDictionary(r => r.Period, r => r.FirstSubmittedAtUtc != null ? ReportState.Filed : ReportState.NotFiled),
            latestFiled.GetValueOrDefault(t.Id) is { } reportId ? problems[reportId].ToList() : [],
            reportingSince)).ToList();
    }
}
