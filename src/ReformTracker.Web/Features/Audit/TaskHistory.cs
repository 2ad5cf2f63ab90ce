using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Auditing;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Audit;

/// <summary>
/// 变更历史: one task's audit records (the task, its milestones, its cooperating units) as plain sentences.
/// Shown on the task page to whoever may see the task; the caller has already applied the task's scope rule.
/// </summary>
public static class TaskHistory
{
    /// <summary>Old and new texts longer than this are cut in the sentence; the audit log keeps them whole.</summary>
    public const int ValueLength = 200;

    private const string TaskType = nameof(ReformTask);
    private const string MilestoneType = nameof(Milestone);
    private const string CooperationType = nameof(TaskCooperation);

    public sealed record Entry(long Sequence, string LocalTime, string UserName, string Text);

    /// <summary>How long a task's history is kept at most when no save through EF drops it earlier (writes that bypass EF).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public sealed class Handler(AppDbContext db, DistrictClock clock, IStringLocalizer<SharedResource> l, IMemoryCache cache, DataChangeSignals signals)
    {
        /// <summary>
        /// The same for everyone who may see the task, so it is kept per task and language until a save changes a task, a
        /// milestone or a cooperating unit (each writes the audit records read here) or a name of the registry.
        /// </summary>
        public Task<IReadOnlyList<Entry>> HandleAsync(int taskId, CancellationToken cancellationToken) =>
            signals.KeptAsync(
                cache,
                string.Create(CultureInfo.InvariantCulture, $"task-history|{taskId}|{CultureInfo.CurrentUICulture.Name}"),
                Lifetime,
                () => ReadAsync(taskId, cancellationToken),
                (DataArea.Tasks, 0),
                (DataArea.Registry, 0));

        private async Task<IReadOnlyList<Entry>> ReadAsync(int taskId, CancellationToken cancellationToken)
        {
            var taskKey = Key(taskId);
            var cooperationPrefix = taskKey + ":";

            var milestoneTitles = (await db.Milestones.AsNoTracking().IgnoreQueryFilters().Where(m => m.TaskId == taskId)
                    .Select(m => new { m.Id, m.Title }).ToListAsync(cancellationToken))
                .ToDictionary(m => Key(m.Id), m => m.Title);

            // A milestone removed from the edit form is gone from its table; its deletion record still names the task.
            var removedMarker = FieldChange.Serialize(new FieldChange(nameof(Milestone.TaskId), taskKey, null));
            var removedKeys = await db.AuditRecords.AsNoTracking()
                .Where(r => r.EntityType == MilestoneType && r.Action == AuditAction.Deleted && r.EntityId != null && r.Changes.Contains(removedMarker))
                .Select(r => r.EntityId!)
                .ToListAsync(cancellationToken);
            var milestoneKeys = milestoneTitles.Keys.Concat(removedKeys).Distinct().ToList();

            var records = await db.AuditRecords.AsNoTracking()
                .Where(r => (r.EntityType == TaskType && r.EntityId == taskKey)
                    // No "is not null" beside the list: SQLite would take it for a range over every milestone's records.
                    || (r.EntityType == MilestoneType && milestoneKeys.Contains(r.EntityId!))
                    || (r.EntityType == CooperationType && r.EntityId != null && r.EntityId.StartsWith(cooperationPrefix)))
                .OrderByDescending(r => r.Sequence)
                .ToListAsync(cancellationToken);

            var parsed = records.Select(r => (Record: r, Changes: AuditChanges.Parse(r.Changes))).ToList();
            foreach (var (record, changes) in parsed.Where(p => p.Record.EntityType == MilestoneType && !milestoneTitles.ContainsKey(p.Record.EntityId!)))
            {
                if (changes.FirstOrDefault(c => c.F == nameof(Milestone.Title)) is { } title && (title.O ?? title.N) is { } text)
                {
                    milestoneTitles[record.EntityId!] = text;
                }
            }

            var names = await NamesAsync(parsed, cooperationPrefix, cancellationToken);
            var writer = new SentenceWriter(l, names, milestoneTitles);
            return parsed
                .SelectMany(p => writer.Sentences(p.Record, p.Changes).Select(text => new Entry(
                    p.Record.Sequence,
                    clock.ToLocal(p.Record.TimestampUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    p.Record.UserName,
                    text)))
                .ToList();
        }

        /// <summary>The names behind every id the sentences mention, deleted records included.</summary>
        private async Task<Names> NamesAsync(List<(AuditRecord Record, IReadOnlyList<FieldChange> Changes)> parsed, string cooperationPrefix, CancellationToken cancellationToken)
        {
            List<int> IdsOf(params string[] fields) => parsed.SelectMany(p => p.Changes)
                .Where(c => fields.Contains(c.F))
                .SelectMany(c => new[] { c.O, c.N })
                .Select(ParseId).OfType<int>().Distinct().ToList();

            var unitIds = IdsOf(nameof(ReformTask.LeadUnitId), nameof(TaskCooperation.UnitId))
                .Concat(parsed.Where(p => p.Record.EntityType == CooperationType).Select(p => ParseId(p.Record.EntityId![cooperationPrefix.Length..])).OfType<int>())
                .Distinct().ToList();
            var officeIds = IdsOf(nameof(ReformTask.OfficeId));
            var areaIds = IdsOf(nameof(ReformTask.AreaId));
            var planIds = IdsOf(nameof(ReformTask.PlanId));
            var officialIds = IdsOf(nameof(ReformTask.LeadingOfficialId));

            // A task's history usually names no other record: skip the lookups that have nothing to look up.
            async Task<Dictionary<int, string>> NamesOf<T>(IQueryable<T> rows, List<int> ids, System.Linq.Expressions.Expression<Func<T, IdName>> select)
                where T : Domain.Common.Entity
                => ids.Count == 0 ? [] : await rows.AsNoTracking().IgnoreQueryFilters().Where(r => ids.Contains(r.Id)).Select(select).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);

            return new Names(
                await NamesOf(db.Units, unitIds, u => new IdName(u.Id, u.Name)),
                await NamesOf(db.Offices, officeIds, o => new IdName(o.Id, o.Name)),
                await NamesOf(db.Areas, areaIds, a => new IdName(a.Id, a.Name)),
                await NamesOf(db.Plans, planIds, p => new IdName(p.Id, p.Name)),
                await NamesOf(db.Officials, officialIds, o => new IdName(o.Id, o.Name)));
        }
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static int? ParseId(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private sealed record IdName(int Id, string Name);

    private sealed record Names(
        Dictionary<int, string> Units,
        Dictionary<int, string> Offices,
        Dictionary<int, string> Areas,
        Dictionary<int, string> Plans,
        Dictionary<int, string> Officials);

    /// <summary>Turns one audit record into the sentences a reader of the task page understands.</summary>
    private sealed class SentenceWriter(IStringLocalizer<SharedResource> l, Names names, Dictionary<string, string> milestoneTitles)
    {
        public IEnumerable<string> Sentences(AuditRecord record, IReadOnlyList<FieldChange> changes)
        {
            var milestone = record.EntityType == MilestoneType ? milestoneTitles.GetValueOrDefault(record.EntityId ?? string.Empty, record.EntityId ?? string.Empty) : string.Empty;
            switch (record.EntityType, record.Action)
            {
                case (TaskType, AuditAction.Created):
                    yield return l["创建了任务「{0}」", NewValue(changes, nameof(ReformTask.Title)) ?? string.Empty];
                    break;
                case (TaskType, AuditAction.Deleted):
                    yield return l["删除了任务"];
                    break;
                case (TaskType, AuditAction.Restored):
                    yield return l["恢复了任务"];
                    break;
                case (TaskType, AuditAction.Updated):
                    foreach (var change in changes)
                    {
                        yield return l["修改了 {0}：{1} → {2}", Field(record, change), Value(change.F, change.O), Value(change.F, change.N)];
                    }

                    break;
                case (MilestoneType, AuditAction.Created):
                    yield return l["新增了节点「{0}」，计划日期 {1}", milestone, Value(nameof(Milestone.PlannedDate), NewValue(changes, nameof(Milestone.PlannedDate)))];
                    break;
                case (MilestoneType, AuditAction.Deleted):
                    yield return l["删除了节点「{0}」", milestone];
                    break;
                case (MilestoneType, AuditAction.Restored):
                    yield return l["恢复了节点「{0}」", milestone];
                    break;
                case (MilestoneType, AuditAction.Updated):
                    foreach (var change in changes)
                    {
                        yield return l["修改了节点「{0}」的{1}：{2} → {3}", milestone, Field(record, change), Value(change.F, change.O), Value(change.F, change.N)];
                    }

                    break;
                case (CooperationType, AuditAction.Created):
                    yield return l["新增了配合单位 {0}", CooperatingUnit(record)];
                    break;
                case (CooperationType, AuditAction.Deleted):
                    yield return l["移除了配合单位 {0}", CooperatingUnit(record)];
                    break;
                default:
                    yield return l["{0}了{1} {2}", l[record.Action.Label()], l[AuditLabels.EntityTypeLabel(record.EntityType)], record.EntityId ?? string.Empty];
                    break;
            }
        }

        private static string? NewValue(IReadOnlyList<FieldChange> changes, string field) => changes.FirstOrDefault(c => c.F == field)?.N;

        private string Field(AuditRecord record, FieldChange change) => l[AuditLabels.FieldLabel(record.EntityType, change.F)];

        private string CooperatingUnit(AuditRecord record)
        {
            var unitKey = record.EntityId?.Split(':').LastOrDefault();
            return ParseId(unitKey) is { } id && names.Units.TryGetValue(id, out var name) ? name : unitKey ?? string.Empty;
        }

        private string Value(string field, string? raw)
        {
            if (string.IsNullOrEmpty(raw))
            {
                return l["（空）"];
            }

            string text = field switch
            {
                nameof(ReformTask.Status) when Enum.TryParse<ReformTaskStatus>(raw, out var status) => l[status.Label()],
                nameof(ReformTask.Priority) when Enum.TryParse<TaskPriority>(raw, out var priority) => l[priority.Label()],
                nameof(ReformTask.ConstructionState) when Enum.TryParse<ConstructionState>(raw, out var state) => l[state.Label()],
                nameof(ReformTask.LeadUnitId) or nameof(TaskCooperation.UnitId) => NameOf(names.Units, raw),
                nameof(ReformTask.OfficeId) => NameOf(names.Offices, raw),
                nameof(ReformTask.AreaId) => NameOf(names.Areas, raw),
                nameof(ReformTask.PlanId) => NameOf(names.Plans, raw),
                nameof(ReformTask.LeadingOfficialId) => NameOf(names.Officials, raw),
                nameof(ReformTask.IsDeleted) or nameof(ReformTask.IsKeyProject) when bool.TryParse(raw, out var flag) => flag ? l["是"] : l["否"],
                nameof(ReformTask.PercentComplete) => raw + "%",
                _ => raw,
            };
            return text.Length > ValueLength ? string.Concat(text.AsSpan(0, ValueLength), "…") : text;
        }

        private static string NameOf(Dictionary<int, string> lookup, string raw) =>
            ParseId(raw) is { } id && lookup.TryGetValue(id, out var name) ? name : raw;
    }
}
