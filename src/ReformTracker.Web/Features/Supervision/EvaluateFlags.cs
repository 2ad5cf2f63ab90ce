using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Supervision;

/// <summary>
/// Judges tasks with the supervision rules and brings the flags in line: opens what newly fires, refreshes what
/// still fires, closes what stopped. Lights are written only when they changed. Running it twice changes nothing
/// the second time.
/// </summary>
public static class EvaluateFlags
{
    /// <summary>Tasks whose changes are saved together: one transaction each, and a bound on what the context tracks.</summary>
    private const int TasksPerSave = 5_000;

    public sealed record Outcome(int Tasks, int Opened, int Refreshed, int Closed, int LightsWritten, TimeSpan Elapsed, IReadOnlyList<Phase> Phases);

    /// <summary>How long a step took, and the processor time the process spent meanwhile (steadier on a busy machine).</summary>
    public sealed record Phase(string Name, TimeSpan Elapsed, TimeSpan ProcessorTime);

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public sealed class Handler(
        AppDbContext db, IServiceScopeFactory scopes, DistrictClock clock, ReportingCalendar calendar, IOptions<SupervisionSettings> settings, Notifications.Notifier notifier)
    {
        /// <summary>Evaluates every task, or only the given ones.</summary>
        public async Task<Outcome> HandleAsync(IReadOnlyCollection<int>? onlyTaskIds, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var phases = new List<Phase>();
            var (lap, cpuLap) = (TimeSpan.Zero, ProcessorTime());
            void EndPhase(string name)
            {
                var cpu = ProcessorTime();
                phases.Add(new Phase(name, watch.Elapsed - lap, cpu - cpuLap));
                (lap, cpuLap) = (watch.Elapsed, cpu);
            }

            var today = clock.Today;
            var now = clock.UtcNow;

            // What is stored now is read on a connection of its own while the facts are gathered (on a pool thread: SQLite's
            // async calls complete synchronously).
            var stored = Task.Run(() => ReadStoredAsync(onlyTaskIds, cancellationToken), cancellationToken);
            List<TaskFacts>? facts;
            await using (var alongside = scopes.CreateAsyncScope())
            {
                facts = await SupervisionFacts.LoadAsync(db, onlyTaskIds, today, cancellationToken, alongside.ServiceProvider.GetRequiredService<AppDbContext>());
            }

            EndPhase("facts");
            // The rules are pure functions of the facts, so the tasks are judged on every core.
            var judgements = facts.AsParallel().Select(f => SupervisionRules.Judge(f, today, calendar, settings.Value)).OrderBy(j => j.TaskId).ToList();
            facts = null;
            EndPhase("judge");
            var (openFlags, lights) = await stored;
            EndPhase("read flags and lights");

            var changes = new Changes(db, now);
            foreach (var chunk in judgements.Chunk(TasksPerSave))
            {
                foreach (var judgement in chunk)
                {
                    changes.Reconcile(judgement, openFlags[judgement.TaskId]);
                    changes.Relight(judgement, lights.GetValueOrDefault(judgement.TaskId));
                }

                await SaveAsync(changes, cancellationToken);
            }

            // A flag or light of a deleted task goes with it.
            var judged = judgements.Select(j => j.TaskId).ToHashSet();
            changes.CloseAll(openFlags.Where(g => !judged.Contains(g.Key)).SelectMany(g => g));
            changes.RemoveLights(lights.Values.Where(l => !judged.Contains(l.TaskId)));
            await SaveAsync(changes, cancellationToken);
            EndPhase("write");
            return new Outcome(judgements.Count, changes.Opened, changes.Refreshed, changes.Closed, changes.LightsWritten, watch.Elapsed, phases);
        }

        /// <summary>
        /// The open flags (those of meeting items are EvaluateMeetingItems' business) and the lights, as plain values: only
        /// what changes is loaded or attached to the context later.
        /// </summary>
        private async Task<(ILookup<int, OpenFlag> OpenFlags, Dictionary<int, TaskLight> Lights)> ReadStoredAsync(
            IReadOnlyCollection<int>? onlyTaskIds, CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            var reader = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var openFlags = (await reader.Flags.AsNoTracking().Where(f => f.TaskId != null)
                    .Where(f => f.ClosedAtUtc == null && (onlyTaskIds == null || onlyTaskIds.Contains(f.TaskId!.Value)))
                    .Select(f => new OpenFlag(f.Id, f.TaskId!.Value, f.Rule, f.SubjectKey, f.Light, f.Reason))
                    .ToListAsync(cancellationToken))
                .ToLookup(f => f.TaskId);
            var lights = await reader.TaskLights.AsNoTracking().Where(l => onlyTaskIds == null || onlyTaskIds.Contains(l.TaskId))
                .Select(l => new TaskLight { TaskId = l.TaskId, Light = l.Light, Reasons = l.Reasons, ExpectedPercent = l.ExpectedPercent, PredictedFinish = l.PredictedFinish })
                .ToDictionaryAsync(l => l.TaskId, cancellationToken);
            return (openFlags, lights);
        }

        private async Task SaveAsync(Changes changes, CancellationToken cancellationToken)
        {
            await changes.ApplyToFlagsAsync(cancellationToken);
            await notifier.FlagsOpenedAsync(changes.TakeOpened(), cancellationToken);
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
        }
    }

    private sealed record OpenFlag(int Id, int TaskId, FlagRule Rule, string SubjectKey, Light Light, string Reason);

    /// <summary>
    /// Collects what changes and brings only that into the context: existing flags that refresh or close are loaded
    /// tracked (so their changes are audited as before), lights are attached with the values read. A quiet run
    /// tracks and writes nothing.
    /// </summary>
    private sealed class Changes(AppDbContext db, DateTime now)
    {
        private readonly Dictionary<int, Finding> _toRefresh = [];
        private readonly HashSet<int> _toClose = [];
        private List<Flag> _opened = [];

        public int Opened { get; private set; }

        public int Refreshed { get; private set; }

        public int Closed { get; private set; }

        public int LightsWritten { get; private set; }

        public void Reconcile(Judgement judgement, IEnumerable<OpenFlag> openFlags)
        {
            if (judgement.Findings.Count == 0 && !openFlags.Any())
            {
                return;
            }

            var byKey = openFlags.GroupBy(f => (f.Rule, f.SubjectKey)).ToDictionary(g => g.Key, g => g.ToList());
            var firing = new HashSet<(FlagRule, string)>();
            foreach (var finding in judgement.Findings)
            {
                var key = (finding.Rule, finding.SubjectKey);
                firing.Add(key);
                if (byKey.TryGetValue(key, out var existing))
                {
                    if (existing[0].Light != finding.Light || existing[0].Reason != finding.Reason)
                    {
                        _toRefresh[existing[0].Id] = finding;
                    }

                    // Heal any duplicate left by an older version or a crash: one open flag per subject.
                    CloseAll(existing.Skip(1));
                }
                else
                {
                    var flag = new Flag(judgement.TaskId, finding, now);
                    db.Flags.Add(flag);
                    _opened.Add(flag);
                    Opened++;
                }
            }

            // A flag of a finished task, or one whose condition cleared, closes by itself.
            CloseAll(byKey.Where(g => !firing.Contains(g.Key)).SelectMany(g => g.Value));
        }

        public void CloseAll(IEnumerable<OpenFlag> flags) => _toClose.UnionWith(flags.Select(f => f.Id));

        /// <summary>Loads the flags to refresh or close and changes them through the domain.</summary>
        public async Task ApplyToFlagsAsync(CancellationToken cancellationToken)
        {
            if (_toRefresh.Count == 0 && _toClose.Count == 0)
            {
                return;
            }

            var ids = _toRefresh.Keys.Concat(_toClose).ToList();
            foreach (var flag in await db.Flags.Where(f => EF.Parameter(ids).Contains(f.Id)).ToListAsync(cancellationToken))
            {
                if (_toRefresh.TryGetValue(flag.Id, out var finding) && flag.Refresh(finding))
                {
                    Refreshed++;
                }

                if (_toClose.Contains(flag.Id) && flag.IsOpen)
                {
                    flag.Close(now);
                    Closed++;
                }
            }

            _toRefresh.Clear();
            _toClose.Clear();
        }

        public void Relight(Judgement judgement, TaskLight? light)
        {
            var summary = judgement.Summary;
            if (light is not null && light.Light == judgement.Light && light.Reasons == summary
                && light.ExpectedPercent == judgement.ExpectedPercent && light.PredictedFinish == judgement.PredictedFinish)
            {
                return;
            }

            if (light is null)
            {
                light = new TaskLight { TaskId = judgement.TaskId };
                db.TaskLights.Add(light);
            }
            else
            {
                // Attached as read, so only the columns set below that differ are updated.
                db.TaskLights.Attach(light);
            }

            light.Light = judgement.Light;
            light.Reasons = summary;
            light.ExpectedPercent = judgement.ExpectedPercent;
            light.PredictedFinish = judgement.PredictedFinish;
            light.EvaluatedAtUtc = now;
            LightsWritten++;
        }

        public void RemoveLights(IEnumerable<TaskLight> lights)
        {
            foreach (var light in lights)
            {
                db.TaskLights.Remove(light);
                LightsWritten++;
            }
        }

        /// <summary>The flags opened since the last call, for their notifications.</summary>
        public List<Flag> TakeOpened()
        {
            var opened = _opened;
            _opened = [];
            return opened;
        }
    }
}
