using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Bulletins;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Bulletins;

/// <summary>
/// 发布通报: freezes the bulletin of a plan and quarter as it stands now (the snapshot), numbers it within the year and records
/// who published it and when. Once per plan and quarter; a second attempt is refused with the number already issued.
/// </summary>
public static class PublishBulletin
{
    public sealed class Form
    {
        public int? Plan { get; set; }

        public string? Quarter { get; set; }

        public string? IssuingOffice { get; set; }
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Plan).NotNull().WithMessage(l["请选择改革清单"]);
            RuleFor(f => f.Quarter).Must(q => QuarterText.TryParse(q, out _)).WithMessage(l["季度格式应为“年-Q季度”，例如 2026-Q3"]);
            RuleFor(f => f.IssuingOffice).Must(o => !string.IsNullOrWhiteSpace(o)).WithMessage(l["请填写发文单位"])
                .MaximumLength(Bulletin.IssuingOfficeLength).WithMessage(l["发文单位不能超过 {0} 个字", Bulletin.IssuingOfficeLength]);
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, ComposeBulletin.Handler compose, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (form.Plan is not { } planId || !QuarterText.TryParse(form.Quarter, out var quarter))
            {
                return CommandResult.NotFound();
            }

            var today = clock.Today;
            if (quarter.Key > BulletinQuarter.Containing(today).Key)
            {
                return CommandResult.Invalid(nameof(Form.Quarter), l["{0}尚未开始，不能发布通报", quarter.ToString()]);
            }

            if (await AlreadyPublishedAsync(planId, quarter, cancellationToken) is { } refusal)
            {
                return refusal;
            }

            var content = await compose.HandleAsync(planId, quarter, cancellationToken);
            if (content is null)
            {
                return CommandResult.NotFound();
            }

            var maxSequence = await db.Bulletins.IgnoreQueryFilters().Where(b => b.Year == quarter.Year).MaxAsync(b => (int?)b.Sequence, cancellationToken);
            var bulletin = new Bulletin(
                planId, quarter, Bulletin.NextSequence(maxSequence), form.IssuingOffice!, today, user.UserName, clock.UtcNow, content.Serialize());
            db.Bulletins.Add(bulletin);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Someone published the same plan and quarter (or took the number) between the check and the save.
                db.ChangeTracker.Clear();
                return await AlreadyPublishedAsync(planId, quarter, cancellationToken)
                    ?? CommandResult.Conflict(l["通报编号已被占用，请重新发布"]);
            }

            return CommandResult.Ok(bulletin.Id);
        }

        private async Task<CommandResult?> AlreadyPublishedAsync(int planId, BulletinQuarter quarter, CancellationToken cancellationToken)
        {
            var existing = await db.Bulletins.IgnoreQueryFilters().AsNoTracking().Where(b => b.PlanId == planId && b.QuarterKey == quarter.Key)
                .Select(b => new { b.Year, b.Sequence, b.IssuedOn }).FirstOrDefaultAsync(cancellationToken);
            return existing is null
                ? null
                : CommandResult.Invalid(
                    nameof(Form.Quarter),
                    l["本清单{0}的跟踪通报已于 {1} 发布（{2}），不能重复发布", quarter.ToString(), existing.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Bulletin.FormatNumber(existing.Year, existing.Sequence)]);
        }
    }
}
