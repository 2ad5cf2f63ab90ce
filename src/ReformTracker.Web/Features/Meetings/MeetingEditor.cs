using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Meetings;

/// <summary>Record or correct a 晒比会: title, date, scope (one plan or one office), attendees and minutes.</summary>
public static class MeetingEditor
{
    public sealed class Form
    {
        public string? Title { get; set; }

        public DateOnly? Date { get; set; }

        /// <summary>"plan:3" or "office:1": a meeting belongs to exactly one of them.</summary>
        public string? Scope { get; set; }

        public string? Attendees { get; set; }

        public string? Minutes { get; set; }

        public int Version { get; set; }

        public static string PlanScope(int id) => "plan:" + id.ToString(CultureInfo.InvariantCulture);

        public static string OfficeScope(int id) => "office:" + id.ToString(CultureInfo.InvariantCulture);

        public static string? ScopeOf(int? planId, int? officeId) =>
            planId is { } p ? PlanScope(p) : officeId is { } o ? OfficeScope(o) : null;

        /// <summary>Null when the text names no scope.</summary>
        public (int? PlanId, int? OfficeId)? ParsedScope
        {
            get
            {
                var parts = (Scope ?? string.Empty).Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
                {
                    return null;
                }

                return parts[0] switch
                {
                    "plan" => (id, null),
                    "office" => (null, id),
                    _ => null,
                };
            }
        }
    }

    /// <summary>A scope offered on the form; Group is the Chinese heading of its kind.</summary>
    public sealed record ScopeOption(string Value, string Name, string Group);

    public sealed record Model(int? Id, Form Form, IReadOnlyList<ScopeOption> Scopes);

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(l["请填写会议名称"])
                .MaximumLength(Lengths.Title).WithMessage(l["会议名称不能超过 {0} 个字", Lengths.Title]);
            RuleFor(f => f.Date).NotNull().WithMessage(l["请填写会议日期"]);
            RuleFor(f => f.Scope).Must((f, _) => f.ParsedScope is not null).WithMessage(l["请选择会议范围（改革清单或专项办）"]);
            RuleFor(f => f.Attendees).MaximumLength(Lengths.MediumText).WithMessage(l["参会人员不能超过 {0} 个字", Lengths.MediumText]);
            RuleFor(f => f.Minutes).MaximumLength(Lengths.LongText).WithMessage(l["会议纪要不能超过 {0} 个字", Lengths.LongText]);
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, IStringLocalizer<SharedResource> l)
    {
        public Task<Model> NewAsync(CancellationToken cancellationToken)
        {
            var today = clock.Today;
            var form = new Form
            {
                Title = l["{0}年{1}月晒比会", today.Year, today.Month],
                Date = today,
                Scope = user.Role == Roles.OfficeReviewer && user.OfficeId is { } office ? Form.OfficeScope(office) : null,
            };
            return WithOptionsAsync(null, form, cancellationToken);
        }

        public async Task<Model?> EditAsync(int id, CancellationToken cancellationToken)
        {
            var form = await db.Meetings.AsNoTracking().ManagedBy(user).Where(m => m.Id == id)
                .Select(m => new { m.Title, m.Date, m.PlanId, m.OfficeId, m.Attendees, m.Minutes, m.Version })
                .SingleOrDefaultAsync(cancellationToken);
            return form is null
                ? null
                : await WithOptionsAsync(id, new Form
                {
                    Title = form.Title,
                    Date = form.Date,
                    Scope = Form.ScopeOf(form.PlanId, form.OfficeId),
                    Attendees = form.Attendees,
                    Minutes = form.Minutes,
                    Version = form.Version,
                }, cancellationToken);
        }

        /// <summary>The scopes this user may hold meetings for: every plan and office for a supervisor, the own office for a reviewer.</summary>
        public async Task<Model> WithOptionsAsync(int? id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var scopes = new List<ScopeOption>();
            if (user.Role == Roles.Supervisor)
            {
                var plans = await db.Plans.AsNoTracking().OrderByDescending(p => p.StartYear).ThenBy(p => p.Id).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken);
                scopes.AddRange(plans.Select(p => new ScopeOption(Form.PlanScope(p.Id), p.Name, "改革清单")));
            }

            var offices = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
            scopes.AddRange(offices.Where(o => user.MayManageScope(null, o.Id)).Select(o => new ScopeOption(Form.OfficeScope(o.Id), o.Name, "专项办")));
            return new Model(id, form, scopes);
        }

        public async Task<CommandResult> CreateAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (await CheckScopeAsync(form, cancellationToken) is { } refused)
            {
                return refused;
            }

            var (planId, officeId) = form.ParsedScope!.Value;
            var meeting = new Meeting(form.Title!, form.Date!.Value, planId, officeId, form.Attendees, form.Minutes, user.UserName);
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(meeting.Id);
        }

        public async Task<CommandResult> UpdateAsync(int id, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var meeting = await db.Meetings.ManagedBy(user).Include(m => m.Items).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (meeting is null)
            {
                return CommandResult.NotFound();
            }

            if (meeting.Version != form.Version)
            {
                return CommandResult.Conflict(l["该会议已被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            if (await CheckScopeAsync(form, cancellationToken) is { } refused)
            {
                return refused;
            }

            if (meeting.Items.Count > 0 && meeting.Items.Min(i => i.Deadline) is var earliest && earliest < form.Date!.Value)
            {
                return CommandResult.Invalid(nameof(Form.Date), l["会议日期不能晚于已交办事项的最早办理期限（{0}）", earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
            }

            var (planId, officeId) = form.ParsedScope!.Value;
            meeting.Update(form.Title!, form.Date!.Value, planId, officeId, form.Attendees, form.Minutes);
            db.Entry(meeting).Property(m => m.Version).OriginalValue = form.Version;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return CommandResult.Conflict(l["该会议刚刚被他人修改，请打开最新内容后重新修改。您填写的内容仍保留在下方。"]);
            }

            return CommandResult.Ok(meeting.Id);
        }

        private async Task<CommandResult?> CheckScopeAsync(Form form, CancellationToken cancellationToken)
        {
            var (planId, officeId) = form.ParsedScope!.Value;
            var exists = planId is { } plan
                ? await db.Plans.AnyAsync(p => p.Id == plan, cancellationToken)
                : await db.Offices.AnyAsync(o => o.Id == officeId, cancellationToken);
            if (!exists)
            {
                return CommandResult.Invalid(nameof(Form.Scope), l["所选会议范围不存在"]);
            }

            return user.MayManageScope(planId, officeId) ? null : CommandResult.Invalid(nameof(Form.Scope), l["您只能为本专项办召开晒比会"]);
        }
    }
}
