using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Features.Shared;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>权重设置: the five weights of a plan's ranking, whole numbers adding up to 100 (audited like every record).</summary>
public static class RankingWeightsEditor
{
    /// <summary>The key the "must add up to 100" error is shown under.</summary>
    public const string TotalField = "Total";

    public sealed class Form
    {
        public int? OnTimeReporting { get; set; }

        public int? Trajectory { get; set; }

        public int? Overdue { get; set; }

        public int? NoticeResponse { get; set; }

        public int? MeetingItems { get; set; }

        public int Version { get; set; }

        public int Total => (OnTimeReporting ?? 0) + (Trajectory ?? 0) + (Overdue ?? 0) + (NoticeResponse ?? 0) + (MeetingItems ?? 0);
    }

    public sealed class Model
    {
        public required int PlanId { get; init; }

        public required string PlanName { get; init; }

        public required bool IsDefault { get; init; }

        public Form Form { get; set; } = new();
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.OnTimeReporting).NotNull().WithMessage(l["请填写权重"]).InclusiveBetween(0, 100).WithMessage(l["权重应为 0 到 100 之间的整数"]);
            RuleFor(f => f.Trajectory).NotNull().WithMessage(l["请填写权重"]).InclusiveBetween(0, 100).WithMessage(l["权重应为 0 到 100 之间的整数"]);
            RuleFor(f => f.Overdue).NotNull().WithMessage(l["请填写权重"]).InclusiveBetween(0, 100).WithMessage(l["权重应为 0 到 100 之间的整数"]);
            RuleFor(f => f.NoticeResponse).NotNull().WithMessage(l["请填写权重"]).InclusiveBetween(0, 100).WithMessage(l["权重应为 0 到 100 之间的整数"]);
            RuleFor(f => f.MeetingItems).NotNull().WithMessage(l["请填写权重"]).InclusiveBetween(0, 100).WithMessage(l["权重应为 0 到 100 之间的整数"]);
            RuleFor(f => f.Total).Equal(100).WithName(TotalField).OverridePropertyName(TotalField)
                .WithMessage(f => l["五项权重之和须为 100，现为 {0}", f.Total]);
        }
    }

    public sealed class Handler(AppDbContext db, RankingBoardCache boards, IStringLocalizer<SharedResource> l)
    {
        public async Task<Model?> PageAsync(int planId, Form? form, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
            if (plan is null)
            {
                return null;
            }

            var stored = await db.RankingWeights.AsNoTracking().SingleOrDefaultAsync(w => w.PlanId == planId, cancellationToken);
            var weights = stored?.Weights ?? RankingWeights.Default;
            return new Model
            {
                PlanId = planId,
                PlanName = plan,
                IsDefault = stored is null,
                Form = form ?? new Form
                {
                    OnTimeReporting = weights.OnTimeReporting,
                    Trajectory = weights.Trajectory,
                    Overdue = weights.Overdue,
                    NoticeResponse = weights.NoticeResponse,
                    MeetingItems = weights.MeetingItems,
                    Version = stored?.Version ?? 0,
                },
            };
        }

        public async Task<CommandResult> HandleAsync(int planId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            if (!await db.Plans.AnyAsync(p => p.Id == planId, cancellationToken))
            {
                return CommandResult.NotFound();
            }

            var weights = new RankingWeights(form.OnTimeReporting ?? -1, form.Trajectory ?? -1, form.Overdue ?? -1, form.NoticeResponse ?? -1, form.MeetingItems ?? -1);
            if (!weights.IsValid)
            {
                return CommandResult.Invalid(TotalField, l["五项权重之和须为 100，现为 {0}", form.Total]);
            }

            var stored = await db.RankingWeights.SingleOrDefaultAsync(w => w.PlanId == planId, cancellationToken);
            if ((stored?.Version ?? 0) != form.Version)
            {
                return CommandResult.Conflict(l["权重已被他人修改，请刷新页面后重新填写"]);
            }

            if (stored is null)
            {
                db.RankingWeights.Add(new PlanRankingWeights(planId, weights));
            }
            else
            {
                stored.Set(weights);
                db.Entry(stored).Property(w => w.Version).OriginalValue = form.Version;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                return CommandResult.Conflict(l["权重已被他人修改，请刷新页面后重新填写"]);
            }

            boards.Invalidate(planId);
            return CommandResult.Ok(planId);
        }
    }
}
