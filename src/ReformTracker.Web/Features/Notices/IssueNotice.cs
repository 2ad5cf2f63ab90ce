using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Meetings;
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

        /// <summary>Set when the notice chases an item assigned at a meeting (then TaskId is the item's task, or 0).</summary>
        public int? MeetingItemId { get; set; }
    }

    /// <summary>For an item's notice TaskCode is the meeting's title, TaskTitle the item, and MeetingId is set.</summary>
    public sealed record Model(
        Form Form, string TaskCode, string TaskTitle, string? FlagReason, IReadOnlyList<Option> Units, DateOnly EarliestDeadline, int? MeetingId = null);

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

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l, Notifications.Notifier notifier)
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

        /// <summary>The form prefilled from a flag alone (?flag=): its task's or its meeting item's; null when out of reach.</summary>
        public async Task<Model?> NewForFlagAsync(int flagId, CancellationToken cancellationToken)
        {
            var flag = await db.Flags.AsNoTracking().Where(f => f.Id == flagId).Select(f => new { f.TaskId, f.MeetingItemId }).SingleOrDefaultAsync(cancellationToken);
            return flag switch
            {
                { TaskId: { } taskId } => await NewAsync(taskId, flagId, cancellationToken),
                { MeetingItemId: { } itemId } => await NewForItemAsync(itemId, flagId, cancellationToken),
                _ => null,
            };
        }

        public Task<bool> MayIssueAsync(int taskId, CancellationToken cancellationToken) =>
            IssuableTasks().AnyAsync(t => t.Id == taskId, cancellationToken);

        public Task<bool> MayIssueAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            return form.MeetingItemId is { } itemId
                ? IssuableItems().AnyAsync(i => i.Id == itemId, cancellationToken)
                : MayIssueAsync(form.TaskId, cancellationToken);
        }

        /// <summary>Items of the meetings the user manages (a supervisor: any; a reviewer: the own office's).</summary>
        private IQueryable<MeetingItem> IssuableItems()
        {
            var managed = db.Meetings.ManagedBy(user);
            return user.Can(Permissions.NoticesIssue) ? db.MeetingItems.Where(i => managed.Any(m => m.Id == i.MeetingId)) : db.MeetingItems.Where(_ => false);
        }

        /// <summary>A notice chasing a meeting item, addressed to its assignee unit; null when the item is out of reach.</summary>
        public async Task<Model?> NewForItemAsync(int itemId, int? flagId, CancellationToken cancellationToken)
        {
            var item = await db.MeetingItems.AsNoTracking().VisibleTo(db, user).Where(i => i.Id == itemId)
                .Select(i => new { i.Id, i.TaskId, i.AssigneeUnitId, i.Content, i.Deadline }).SingleOrDefaultAsync(cancellationToken);
            if (item is null)
            {
                return null;
            }

            var form = new Form
            {
                MeetingItemId = item.Id,
                TaskId = item.TaskId ?? 0,
                FlagId = flagId,
                RecipientUnitId = item.AssigneeUnitId,
                Deadline = clock.Today.AddDays(15),
                Requirements = l["晒比会交办事项“{0}”（办理期限 {1}）尚未办结。请于办理期限前办结，并书面反馈办理情况。", item.Content, item.Deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)].Value,
            };
            return await WithOptionsAsync(form, cancellationToken);
        }

        private async Task<Model?> ItemOptionsAsync(Form form, int itemId, CancellationToken cancellationToken)
        {
            var item = await (from i in db.MeetingItems.AsNoTracking().VisibleTo(db, user)
                              join m in db.Meetings on i.MeetingId equals m.Id
                              join u in db.Units on i.AssigneeUnitId equals u.Id
                              where i.Id == itemId
                              select new { i.Id, i.Content, i.AssigneeUnitId, UnitName = u.Name, MeetingId = m.Id, m.Title })
                .SingleOrDefaultAsync(cancellationToken);
            if (item is null)
            {
                return null;
            }

            var flagReason = form.FlagId is { } flagId
                ? await db.Flags.AsNoTracking().Where(f => f.Id == flagId && f.MeetingItemId == itemId).Select(f => f.Reason).SingleOrDefaultAsync(cancellationToken)
                : null;
            if (flagReason is null)
            {
                form.FlagId = null;
            }

            return new Model(form, item.Title, item.Content, flagReason, [new Option(item.AssigneeUnitId, item.UnitName)], clock.Today.AddDays(1), item.MeetingId);
        }

        public async Task<Model?> WithOptionsAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (form.MeetingItemId is { } itemId)
            {
                return await ItemOptionsAsync(form, itemId, cancellationToken);
            }

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
            int? taskId;
            if (form.MeetingItemId is { } itemId)
            {
                // An item's notice goes to its assignee unit and keeps the item's task, if any.
                var item = await IssuableItems().AsNoTracking().Where(i => i.Id == itemId)
                    .Select(i => new { i.Id, i.TaskId, i.AssigneeUnitId }).SingleOrDefaultAsync(cancellationToken);
                if (item is null)
                {
                    return CommandResult.NotFound();
                }

                if (form.RecipientUnitId != item.AssigneeUnitId)
                {
                    return CommandResult.Invalid(nameof(Form.RecipientUnitId), l["交办事项的督办通知只能发给责任单位"]);
                }

                if (form.FlagId is { } itemFlag && !await db.Flags.AnyAsync(f => f.Id == itemFlag && f.MeetingItemId == item.Id, cancellationToken))
                {
                    form.FlagId = null;
                }

                taskId = item.TaskId;
            }
            else
            {
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

                taskId = task.Id;
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
                    form.Kind, year, NoticeNumbering.Next(max), form.RecipientUnitId, taskId, form.FlagId, form.Requirements!, form.Deadline!.Value,
                    user.UserName, issuerOffice, clock.UtcNow);
                if (form.MeetingItemId is { } chased)
                {
                    notice.ChaseMeetingItem(chased);
                }

                db.Notices.Add(notice);
                await notifier.NoticeIssuedAsync(notice, cancellationToken);
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
