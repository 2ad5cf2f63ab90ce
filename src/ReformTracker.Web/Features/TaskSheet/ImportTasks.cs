using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Features.Supervision;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>
/// 导入任务清单: upload a plan's published task sheet, see every bad row or a preview of the changes, confirm.
/// All or nothing: the confirm step reads the staged file again, re-checks every row against the registry as it is
/// now, refuses when a task changed since the preview, and saves all rows in one transaction.
/// </summary>
public static class ImportTasks
{
    public enum ChangeKind
    {
        New,
        Updated,
        Unchanged,
    }

    public sealed record ChangeRow(int Row, string Code, string Title, ChangeKind Kind, IReadOnlyList<string> ChangedColumns);

    public sealed record Preview(string Token, string FileName, IReadOnlyList<ChangeRow> Changes)
    {
        public int New => Changes.Count(c => c.Kind == ChangeKind.New);

        public int Updated => Changes.Count(c => c.Kind == ChangeKind.Updated);

        public int Unchanged => Changes.Count(c => c.Kind == ChangeKind.Unchanged);
    }

    public sealed class Model
    {
        public required int PlanId { get; init; }

        public required string PlanName { get; init; }

        public required IReadOnlyList<string> Areas { get; init; }

        public string? Refusal { get; set; }

        public IReadOnlyList<ImportError> Errors { get; set; } = [];

        public Preview? Preview { get; set; }
    }

    public enum Outcome
    {
        NotFound,
        Refused,
        Preview,
        Done,
    }

    public sealed record Result(Outcome Outcome, Model? Model, string? Message = null);

    /// <summary>A planned write: a new task, or an existing task (id, version) to redefine.</summary>
    private sealed record Change(ValidRow Row, ChangeKind Kind, int? TaskId, int? Version, IReadOnlyList<string> ChangedColumns);

    private sealed record Existing(int Id, int Version, bool IsDeleted, ReformTask Task);

    public sealed class Handler(
        AppDbContext db,
        CurrentUser user,
        IConfiguration configuration,
        IWebHostEnvironment environment,
        TimeProvider clock,
        SupervisionSignals signals,
        IStringLocalizer<SharedResource> l)
    {
        private readonly ImportStaging _staging = new(configuration, environment, clock);

        public async Task<Model?> PageAsync(int planId, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(cancellationToken);
            if (plan is null)
            {
                return null;
            }

            var areas = await db.Areas.AsNoTracking().Where(a => a.PlanId == planId).OrderBy(a => a.SortOrder).Select(a => a.Name).ToListAsync(cancellationToken);
            return new Model { PlanId = plan.Id, PlanName = plan.Name, Areas = areas };
        }

        /// <summary>Checks an upload and stages it for confirmation, or lists why it cannot be imported.</summary>
        public async Task<Result> PreviewAsync(int planId, IFormFile? file, CancellationToken cancellationToken)
        {
            var model = await PageAsync(planId, cancellationToken);
            if (model is null)
            {
                return new Result(Outcome.NotFound, null);
            }

            if (file is null || file.Length == 0 && string.IsNullOrEmpty(file.FileName))
            {
                return Refuse(model, l["请选择要导入的 Excel 文件"]);
            }

            var name = Path.GetFileName(file.FileName ?? string.Empty);
            if (!name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(model, l["请上传 .xlsx 格式的 Excel 文件（Excel 2007 及以上版本）"]);
            }

            if (file.Length > TaskSheetReader.MaxBytes)
            {
                return Refuse(model, l["文件超过 5 MB，请删除无关内容后再导入"]);
            }

            byte[] content;
            using (var buffer = new MemoryStream())
            {
                await file.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
            }

            var (changes, refusal, errors) = await CheckAsync(planId, content, cancellationToken);
            if (refusal is not null || errors.Count > 0)
            {
                model.Refusal = refusal ?? l["有 {0} 处问题，未导入任何任务。请修改后重新上传。", errors.Count];
                model.Errors = errors;
                return new Result(Outcome.Refused, model);
            }

            var versions = await VersionsAsync(planId, cancellationToken);
            var token = _staging.Stage(content, new StagedImport(planId, user.UserName, clock.GetUtcNow().UtcDateTime, name, versions));
            model.Preview = new Preview(token, name, changes.Select(c => new ChangeRow(c.Row.Row, c.Row.Definition.Code, c.Row.Definition.Title, c.Kind, c.ChangedColumns)).ToList());
            return new Result(Outcome.Preview, model);
        }

        /// <summary>Saves what the preview showed, in one transaction, or nothing at all.</summary>
        public async Task<Result> ConfirmAsync(int planId, string? token, CancellationToken cancellationToken)
        {
            var model = await PageAsync(planId, cancellationToken);
            if (model is null)
            {
                return new Result(Outcome.NotFound, null);
            }

            var staged = _staging.Load(token);
            if (staged is not { } found || found.Import.PlanId != planId || found.Import.UserName != user.UserName)
            {
                return Refuse(model, l["预览已过期或不存在，请重新上传文件"]);
            }

            var (changes, refusal, errors) = await CheckAsync(planId, found.Content, cancellationToken);
            if (refusal is not null || errors.Count > 0)
            {
                _staging.Discard(token);
                model.Refusal = refusal ?? l["预览之后系统中的数据有变化，现有 {0} 处问题，未导入任何任务。请修改后重新上传。", errors.Count];
                model.Errors = errors;
                return new Result(Outcome.Refused, model);
            }

            var now = await VersionsAsync(planId, cancellationToken);
            var moved = changes.Select(c => c.Row.Definition.Code.ToUpperInvariant())
                .FirstOrDefault(code => now.GetValueOrDefault(code) != found.Import.Versions.GetValueOrDefault(code));
            if (moved is not null)
            {
                _staging.Discard(token);
                return Refuse(model, l["预览之后任务 {0} 已被修改或新建，请重新上传文件预览", moved]);
            }

            var toUpdate = changes.Where(c => c.Kind == ChangeKind.Updated).ToList();
            var ids = toUpdate.Select(c => c.TaskId!.Value).ToList();
            var tracked = await db.Tasks.VisibleTo(user).Include(t => t.Cooperations).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
            if (tracked.Count != ids.Count)
            {
                _staging.Discard(token);
                return Refuse(model, l["预览之后有任务被删除，请重新上传文件预览"]);
            }

            foreach (var change in toUpdate)
            {
                var task = tracked[change.TaskId!.Value];
                task.Redefine(change.Row.Definition, change.Row.CooperatingUnitIds);
                db.Entry(task).Property(t => t.Version).OriginalValue = change.Version!.Value;
                // Cooperating units are rows of their own: touch the task so its version moves with them.
                db.Entry(task).Property(t => t.UpdatedAtUtc).IsModified = true;
            }

            var created = changes.Where(c => c.Kind == ChangeKind.New).Select(c => new ReformTask(planId, c.Row.Definition, c.Row.CooperatingUnitIds)).ToList();
            db.Tasks.AddRange(created);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent edit or import got there first (version or unique code); nothing of this import was saved.
                db.ChangeTracker.Clear();
                _staging.Discard(token);
                return Refuse(model, l["保存时任务已被他人修改，未导入任何任务。请重新上传文件预览"]);
            }

            _staging.Discard(token);
            foreach (var id in ids.Concat(created.Select(t => t.Id)))
            {
                signals.TaskChanged(id);
            }

            return new Result(Outcome.Done, model, l["导入完成：新增 {0} 项，更新 {1} 项，{2} 项未变", created.Count, toUpdate.Count, changes.Count - created.Count - toUpdate.Count]);
        }

        private static Result Refuse(Model model, string message)
        {
            model.Refusal = message;
            return new Result(Outcome.Refused, model);
        }

        private async Task<(List<Change> Changes, string? Refusal, List<ImportError> Errors)> CheckAsync(int planId, byte[] content, CancellationToken cancellationToken)
        {
            var read = TaskSheetReader.Read(content, l);
            if (read.Refusal is not null)
            {
                return ([], read.Refusal, []);
            }

            var (valid, errors) = TaskSheetRows.Validate(read.Rows, await LookupsAsync(planId, cancellationToken), l);
            var existing = (await db.Tasks.IgnoreQueryFilters().AsNoTracking().VisibleTo(user).Include(t => t.Cooperations)
                    .Where(t => t.PlanId == planId).ToListAsync(cancellationToken))
                .ToLookup(t => t.Code.ToUpperInvariant());
            var changes = new List<Change>();
            foreach (var row in valid)
            {
                var match = existing[row.Definition.Code.ToUpperInvariant()].ToList();
                if (match.Count == 0)
                {
                    changes.Add(new Change(row, ChangeKind.New, null, null, []));
                }
                else if (match.Any(t => t.IsDeleted))
                {
                    errors.Add(new ImportError(row.Row, TaskSheetColumns.Get(TaskColumn.Code).Header,
                        l["编号 {0} 属于回收站中的任务，请先恢复该任务或改用其他编号", row.Definition.Code]));
                }
                else
                {
                    var task = match[0];
                    var changed = ChangedColumns(task, row);
                    changes.Add(new Change(row, changed.Count == 0 ? ChangeKind.Unchanged : ChangeKind.Updated, task.Id, task.Version, changed));
                }
            }

            return (changes, null, errors.OrderBy(e => e.Row).ToList());
        }

        private async Task<Dictionary<string, int>> VersionsAsync(int planId, CancellationToken cancellationToken) =>
            (await db.Tasks.IgnoreQueryFilters().AsNoTracking().Where(t => t.PlanId == planId)
                .Select(t => new { t.Code, t.Version, t.IsDeleted }).ToListAsync(cancellationToken))
            .GroupBy(t => t.Code.ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Version + (t.IsDeleted ? 1_000_000 : 0)), StringComparer.Ordinal);

        private async Task<Lookups> LookupsAsync(int planId, CancellationToken cancellationToken)
        {
            var areas = await db.Areas.AsNoTracking().Where(a => a.PlanId == planId).Select(a => new { a.Name, a.Id }).ToListAsync(cancellationToken);
            var offices = await db.Offices.AsNoTracking().Select(o => new { o.Id, o.Name, o.ShortName }).ToListAsync(cancellationToken);
            var units = await db.Units.AsNoTracking().Select(u => new { u.Id, u.Name, u.ShortName }).ToListAsync(cancellationToken);
            var officials = await db.Officials.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
            return new Lookups(
                areas.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal),
                ByName(offices.Select(o => (o.Id, o.Name, (string?)o.ShortName))),
                ByName(units.Select(u => (u.Id, u.Name, (string?)u.ShortName))),
                ByName(officials.Select(o => (o.Id, o.Name, (string?)null))));
        }

        /// <summary>Full names win over short names; a name shared by two records maps to null (ambiguous).</summary>
        private static Dictionary<string, int?> ByName(IEnumerable<(int Id, string Name, string? ShortName)> records)
        {
            var list = records.ToList();
            var map = new Dictionary<string, int?>(StringComparer.Ordinal);
            foreach (var group in list.GroupBy(r => r.Name.Trim()))
            {
                map[group.Key] = group.Count() == 1 ? group.First().Id : null;
            }

            foreach (var group in list.Where(r => !string.IsNullOrWhiteSpace(r.ShortName)).GroupBy(r => r.ShortName!.Trim()))
            {
                map.TryAdd(group.Key, group.Select(r => r.Id).Distinct().Count() == 1 ? group.First().Id : null);
            }

            return map;
        }

        private static List<string> ChangedColumns(ReformTask task, ValidRow row)
        {
            var d = row.Definition;
            var changed = new List<string>();
            void Check(TaskColumn column, bool differs)
            {
                if (differs)
                {
                    changed.Add(TaskSheetColumns.Get(column).Header);
                }
            }

            static string Norm(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            Check(TaskColumn.Code, task.Code != d.Code.Trim());
            Check(TaskColumn.Title, Norm(task.Title) != Norm(d.Title));
            Check(TaskColumn.Content, Norm(task.Content) != Norm(d.Content));
            Check(TaskColumn.Target, Norm(task.Target) != Norm(d.Target));
            Check(TaskColumn.WorkStandard, Norm(task.WorkStandard) != Norm(d.WorkStandard));
            Check(TaskColumn.Area, task.AreaId != d.AreaId);
            Check(TaskColumn.Office, task.OfficeId != d.OfficeId);
            Check(TaskColumn.LeadUnit, task.LeadUnitId != d.LeadUnitId);
            var cooperating = row.CooperatingUnitIds.Where(id => id != d.LeadUnitId).ToHashSet();
            Check(TaskColumn.CooperatingUnits, !cooperating.SetEquals(task.Cooperations.Select(c => c.UnitId)));
            Check(TaskColumn.LeadingOfficial, task.LeadingOfficialId != d.LeadingOfficialId);
            Check(TaskColumn.StartDate, task.StartDate != d.StartDate);
            Check(TaskColumn.DueDate, task.DueDate != d.DueDate);
            Check(TaskColumn.Priority, task.Priority != d.Priority);
            Check(TaskColumn.KeyProject, task.IsKeyProject != (d.KeyProject is not null));
            Check(TaskColumn.PlannedTotalInvestment, task.PlannedTotalInvestment != d.KeyProject?.PlannedTotalInvestment);
            Check(TaskColumn.PlannedAnnualInvestment, task.PlannedAnnualInvestment != d.KeyProject?.PlannedAnnualInvestment);
            Check(TaskColumn.ConstructionState, task.ConstructionState != d.KeyProject?.ConstructionState);
            return changed;
        }
    }
}
