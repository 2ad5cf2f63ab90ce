using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Supervision;

/// <summary>
/// Judges tasks with the supervision rules and brings the flags in line: opens what newly fires, refreshes what
/// still fires, closes what stopped. Running it twice changes nothing the second time.
/// </summary>
public static class EvaluateFlags
{
    public sealed record Outcome(int Tasks, int Opened, int Refreshed, int Closed, TimeSpan Elapsed);

    public sealed class Handler(AppDbContext db, DistrictClock clock, ReportingCalendar calendar, IOptions<SupervisionSettings> settings, Notifications.Notifier notifier)
    {
        /// <summary>Evaluates every task, or only the given ones.</summary>
        public async Task<Outcome> HandleAsync(IReadOnlyCollection<int>? onlyTaskIds, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var today = clock.Today;
            var now = clock.UtcNow;
            var facts = await LoadFactsAsync(onlyTaskIds, today, cancellationToken);
            var taskIds = facts.Select(f => f.TaskId).ToList();
            var judgements = facts.Select(f => SupervisionRules.Judge(f, today, calendar, settings.Value)).ToList();

            // Flags of meeting items are EvaluateMeetingItems' business.
            var openFlags = await db.Flags.Where(f => f.TaskId != null)
                .Where(f => f.ClosedAtUtc == null && (onlyTaskIds == null || onlyTaskIds.Contains(f.TaskId!.Value)))
                .ToListAsync(cancellationToken);
            var byKey = openFlags.GroupBy(f => (TaskId: f.TaskId!.Value, f.Rule, f.SubjectKey)).ToDictionary(g => g.Key, g => g.ToList());
            int opened = 0, refreshed = 0, closed = 0;
            var firing = new HashSet<(int, FlagRule, string)>();
            var newFlags = new List<Flag>();
            foreach (var judgement in judgements)
            {
                foreach (var finding in judgement.Findings)
                {
                    var key = (judgement.TaskId, finding.Rule, finding.SubjectKey);
                    firing.Add(key);
                    if (byKey.TryGetValue(key, out var existing))
                    {
                        refreshed += existing[0].Refresh(finding) ? 1 : 0;

                        // Heal any duplicate left by an older version or a crash: one open flag per subject.
                        foreach (var duplicate in existing.Skip(1))
                        {
                            duplicate.Close(now);
                            closed++;
                        }
                    }
                    else
                    {
                        newFlags.Add(db.Flags.Add(new Flag(judgement.TaskId, finding, now)).Entity);
                        opened++;
                    }
                }
            }

            foreach (var flag in openFlags.Where(f => !firing.Contains((f.TaskId!.Value, f.Rule, f.SubjectKey))))
            {
                // A flag of a deleted or finished task, or one whose condition cleared, closes by itself.
                flag.Close(now);
                closed++;
            }

            var lights = await db.TaskLights.Where(l => onlyTaskIds == null || onlyTaskIds.Contains(l.TaskId)).ToDictionaryAsync(l => l.TaskId, cancellationToken);
            foreach (var judgement in judgements)
            {
                if (!lights.TryGetValue(judgement.TaskId, out var light))
                {
                    light = db.TaskLights.Add(new TaskLight { TaskId = judgement.TaskId }).Entity;
                }

                light.Light = judgement.Light;
                light.Reasons = judgement.Summary;
                light.ExpectedPercent = judgement.ExpectedPercent;
                light.PredictedFinish = judgement.PredictedFinish;
                light.EvaluatedAtUtc = now;
            }

            var judged = taskIds.ToHashSet();
            db.TaskLights.RemoveRange(lights.Values.Where(l => !judged.Contains(l.TaskId)));
            await notifier.FlagsOpenedAsync(newFlags, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new Outcome(facts.Count, opened, refreshed, closed, watch.Elapsed);
        }

        private async Task<List<TaskFacts>> LoadFactsAsync(IReadOnlyCollection<int>? only, DateOnly today, CancellationToken cancellationToken)
        {
            // Reporting in the system began with its first report; a programme adopted mid-year owes nothing before that.
            var reportingSince = await db.Reports.AsNoTracking().OrderBy(r => r.Period).Select(r => (YearMonth?)r.Period).FirstOrDefaultAsync(cancellationToken);
            var tasks = await db.Tasks.AsNoTracking()
                .Where(t => only == null || only.Contains(t.Id))
                .Select(t => new { t.Id, t.StartDate, t.DueDate, t.Status, t.CompletedOn, t.PercentComplete })
                .ToListAsync(cancellationToken);
            var milestones = (await db.Milestones.AsNoTracking()
                    .Where(m => only == null || only.Contains(m.TaskId))
                    .Select(m => new { m.TaskId, Fact = new MilestoneFact(m.Id, m.Title, m.PlannedDate, m.DoneDate) })
                    .ToListAsync(cancellationToken))
                .ToLookup(m => m.TaskId, m => m.Fact);
            var reports = (await db.Reports.AsNoTracking()
                    .Where(r => only == null || only.Contains(r.TaskId))
                    .Select(r => new { r.Id, r.TaskId, r.Period, r.Status, Filed = r.FirstSubmittedAtUtc != null, r.PercentComplete })
                    .ToListAsync(cancellationToken))
                .ToLookup(r => r.TaskId);

            // Open problems are those of each task's latest filed report whose measure is not yet resolved.
            var latestFiled = reports.ToDictionary(g => g.Key, g => g.Where(r => r.Filed).OrderByDescending(r => r.Period).Select(r => (int?)r.Id).FirstOrDefault());
            var latestIds = latestFiled.Values.OfType<int>().ToHashSet();
            var problems = (await db.ReportProblems.AsNoTracking()
                    .Where(p => p.ResolvedOn == null && p.ResolveBy != null && p.ResolveBy < today)
                    .Select(p => new { p.ReportId, p.Id, p.Description, p.Measure, p.ResolveBy })
                    .ToListAsync(cancellationToken))
                .Where(p => latestIds.Contains(p.ReportId))
                .ToLookup(p => p.ReportId, p => new ProblemFact(p.Id, p.Description, p.Measure, p.ResolveBy!.Value));

            return tasks.Select(t => new TaskFacts(
                t.Id, t.StartDate, t.DueDate, t.Status, t.CompletedOn, t.PercentComplete,
                milestones[t.Id].ToList(),
                reports[t.Id].Where(r => r.Status == ReportStatus.Accepted).Select(r => new AcceptedPercent(r.Period, r.PercentComplete)).ToList(),
                reports[t.Id].ToDictionary(r => r.Period, r => r.Filed ? ReportState.Filed : ReportState.NotFiled),
                latestFiled.GetValueOrDefault(t.Id) is { } reportId ? problems[reportId].ToList() : [],
                reportingSince)).ToList();
        }
    }
}
