using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>现场交办: during (or right after) the meeting, an item goes to a unit with a deadline, optionally tied to a task.</summary>
public static class AssignItem
{
    public sealed class Form
    {
        public string? Content { get; set; }

        public int? AssigneeUnitId { get; set; }

        public DateOnly? Deadline { get; set; }

        public int? TaskId { get; set; }
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Content).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(l["请填写交办事项内容"])
                .MaximumLength(Lengths.MediumText).WithMessage(l["交办事项内容不能超过 {0} 个字", Lengths.MediumText]);
            RuleFor(f => f.AssigneeUnitId).NotNull().WithMessage(l["请选择责任单位"]);
            RuleFor(f => f.Deadline).NotNull().WithMessage(l["请填写办理期限"]);
        }
    }

    public sealed class Handler(AppDbContext db, CurrentUser user, EvaluateMeetingItems.Handler evaluate, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(int meetingId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var meeting = await db.Meetings.ManagedBy(user).SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
            if (meeting is null)
            {
                return CommandResult.NotFound();
            }

            var errors = new List<FieldError>();
            if (form.Deadline < meeting.Date)
            {
                errors.Add(new FieldError(nameof(Form.Deadline), l["办理期限不能早于会议日期（{0}）", meeting.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]));
            }

            if (!await db.Units.AnyAsync(u => u.Id == form.AssigneeUnitId, cancellationToken))
            {
                errors.Add(new FieldError(nameof(Form.AssigneeUnitId), l["所选责任单位不存在"]));
            }

            if (form.TaskId is { } taskId)
            {
                var inScope = meeting.PlanId is { } plan ? db.Tasks.Where(t => t.PlanId == plan) : db.Tasks.Where(t => t.OfficeId == meeting.OfficeId);
                if (!await inScope.AnyAsync(t => t.Id == taskId, cancellationToken))
                {
                    errors.Add(new FieldError(nameof(Form.TaskId), l["请选择本次会议范围内的任务"]));
                }
            }

            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            var item = meeting.Assign(form.Content!, form.AssigneeUnitId!.Value, form.Deadline!.Value, form.TaskId);
            await db.SaveChangesAsync(cancellationToken);

            // A meeting recorded late may assign an item already past its deadline: flag it at once.
            await evaluate.HandleAsync([item.Id], cancellationToken);
            return CommandResult.Ok(item.Id);
        }
    }
}
