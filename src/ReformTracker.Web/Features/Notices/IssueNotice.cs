using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Notices;

/// <summary>下发: a supervisor (any task) or an office reviewer (the office's tasks) sends a numbered notice to a unit.</summary>
public static class IssueNotice
{
    public sealed class Form
    {
        public int TaskId { get; set; }

        public int? FlagId { get; set; }

        public NoticeKind Kind { get; set; } = NoticeKind.Rectification;

        public int RecipientUnitId { get; set; }

        public string? Requirements { get; set; }

        public DateOnly? Deadline { get; set; }
    }

    public sealed record Model(Form Form, string TaskCode, string TaskTitle, string? FlagReason, IReadOnlyList<Option> Units, DateOnly EarliestDeadline);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l, DistrictClock clock)
        {
            RuleFor(f => f.Kind).IsInEnum().WithMessage(l["请选择通知类型"]);
            RuleFor(f => f.Requirements).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage(l["请填写督办要求"])
                .MaximumLength(Lengths.LongText).WithMessage(l["督办要求不能超过 {0} 个字", Lengths.LongText]);
            RuleFor(f => f.Deadline).NotNull().WithMessage(l["请填写办理期限"])
                .Must(d => d is null || d > clock.Today).WithMessage(l["办理期限须晚于今天"]);
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        private IQueryable<Domain.Tasks.ReformTask> IssuableTasks()
        {
            if (!user.Can(Permissions.NoticesIssue))
            {
                return db.Tasks.Where(_ => false);
            }

            var visible = db.Tasks.VisibleTo(user);
            return user.Role == Roles.Supervisor ? visible : visible.ReviewedBy(user);
        }

        /// <summary>Null when the task is unknown or outside the scope.</summary>
        public async Task<Model?> NewAsync(int taskId, int? flagId, CancellationToken cancellationToken)
        {
            var task = await db.Tasks.AsNoTracking().VisibleTo(user).Where(t => t.Id == taskId)
                .Select(t => new { t.Id, t.LeadUnitId }).SingleOrDefaultAsync(cancellationToken);
            if (task is null)
            {
                return null;
            }

            var form = new Form { TaskId = taskId, FlagId = flagId, RecipientUnitId = task.LeadUnitId, Deadline = clock.Today.AddDays(15) };
            var flag = flagId is { } f
                ? await db.Flags.AsNoTracking().Where(x => x.Id == f && x.TaskId == taskId).Select(x => x.Reason).SingleOrDefaultAsync(cancellationToken)
                : null;
            if (flag is null)
            {
                form.FlagId = null;
            }
            else
            {
                form.Requirements = l["经督查发现：{0}。请于办理期限前落实整改，并书面反馈整改措施。", flag].Value;
            }

            return await WithOptionsAsync(form, cancellationToken);
        }

        public Task<bool> MayIssueAsync(int taskId, CancellationToken cancellationToken) =>
            IssuableTasks().AnyAsync(t => t.Id == taskId, cancellationToken);

        public async Task<Model?> WithOptionsAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var task = await db.Tasks.AsNoTracking().VisibleTo(user).Include(t => t.Cooperations).SingleOrDefaultAsync(t => t.Id == form.TaskId, cancellationToken);
            if (task is null)
            {
                return null;
            }

            var unitIds = task.Cooperations.Select(c => c.UnitId).Append(task.LeadUnitId).ToList();
            var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            var options = unitIds.Distinct().Where(units.ContainsKey)
                .Select(id => new Option(id, id == task.LeadUnitId ? units[id] + "（" + l["牵头单位"] + "）" : units[id])).ToList();
            var flagReason = form.FlagId is { } flagId
                ? await db.Flags.AsNoTracking().Where(f => f.Id == flagId && f.TaskId == task.Id).Select(f => f.Reason).SingleOrDefaultAsync(cancellationToken)
                : null;
            return new Model(form, task.Code, task.Title, flagReason, options, clock.Today.AddDays(1));
        }

        public async Task<CommandResult> HandleAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var task = await IssuableTasks().Include(t => t.Cooperations).AsNoTracking().SingleOrDefaultAsync(t => t.Id == form.TaskId, cancellationToken);
            if (task is null)
            {
                return CommandResult.NotFound();
            }

            if (form.RecipientUnitId != task.LeadUnitId && task.Cooperations.All(c => c.UnitId != form.RecipientUnitId))
            {
                return CommandResult.Invalid(nameof(Form.RecipientUnitId), l["请选择牵头单位或协办单位作为接收单位"]);
            }

            if (form.FlagId is { } flagId && !await db.Flags.AnyAsync(f => f.Id == flagId && f.TaskId == task.Id, cancellationToken))
            {
                form.FlagId = null;
            }

            var year = clock.Today.Year;
            var issuerOffice = user.Role == Roles.OfficeReviewer ? user.OfficeId : null;
            for (var attempt = 0; ; attempt++)
            {
                // The unique index (Kind, Year, Sequence) catches two issuers taking the same number; the loser retries once.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var max = await db.Notices.IgnoreQueryFilters().Where(n => n.Kind == form.Kind && n.Year == year)
                    .MaxAsync(n => (int?)n.Sequence, cancellationToken);
                var notice = new Notice(
                    form.Kind, year, NoticeNumbering.Next(max), form.RecipientUnitId, task.Id, form.FlagId, form.Requirements!, form.Deadline!.Value,
                    user.UserName, issuerOffice, clock.UtcNow);
                db.Notices.Add(notice);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return CommandResult.Ok(notice.Id);
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    db.Entry(notice).State = EntityState.Detached;
                }
            }
        }
    }
}
