using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>更正: corrects one row of a published month; the original row stays as published and the correction is shown beside it.</summary>
public static class AmendRanking
{
    public sealed class Form
    {
        public int? Rank { get; set; }

        public decimal? OnTimeReporting { get; set; }

        public decimal? Trajectory { get; set; }

        public decimal? Overdue { get; set; }

        public decimal? NoticeResponse { get; set; }

        public decimal? MeetingItems { get; set; }

        public string? Reason { get; set; }

        public IReadOnlyList<decimal?> Points => [OnTimeReporting, Trajectory, Overdue, NoticeResponse, MeetingItems];

        public static IReadOnlyList<string> PointFields => [nameof(OnTimeReporting), nameof(Trajectory), nameof(Overdue), nameof(NoticeResponse), nameof(MeetingItems)];
    }

    public sealed class Model
    {
        public required int RowId { get; init; }

        public required int PlanId { get; init; }

        public required string PlanName { get; init; }

        public required YearMonth Period { get; init; }

        public required RankingBoard.Row Row { get; init; }

        public required RankingWeights Weights { get; init; }

        public Form Form { get; set; } = new();
    }

    public sealed class Validator : AbstractValidator<Form>
    {
        public Validator(IStringLocalizer<SharedResource> l)
        {
            RuleFor(f => f.Rank).NotNull().WithMessage(l["请填写更正后的排名"])
                .GreaterThanOrEqualTo(1).WithMessage(l["排名应为不小于 1 的整数"]);
            RuleFor(f => f.OnTimeReporting).NotNull().WithMessage(l["请填写更正后的得分"]);
            RuleFor(f => f.Trajectory).NotNull().WithMessage(l["请填写更正后的得分"]);
            RuleFor(f => f.Overdue).NotNull().WithMessage(l["请填写更正后的得分"]);
            RuleFor(f => f.NoticeResponse).NotNull().WithMessage(l["请填写更正后的得分"]);
            RuleFor(f => f.MeetingItems).NotNull().WithMessage(l["请填写更正后的得分"]);
            RuleFor(f => f.Reason).NotEmpty().WithMessage(l["请填写更正理由"])
                .MaximumLength(Lengths.MediumText).WithMessage(l["更正理由不能超过 {0} 个字", Lengths.MediumText]);
        }
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, CurrentUser user, RankingBoard.Handler boards, RankingBoardCache cache, IStringLocalizer<SharedResource> l)
    {
        /// <summary>Null when the row does not exist.</summary>
        public async Task<Model?> PageAsync(int rowId, Form? form, CancellationToken cancellationToken)
        {
            var found = await db.RankingRows.AsNoTracking().Where(r => r.Id == rowId)
                .Join(db.RankingPublications, r => r.PublicationId, p => p.Id, (r, p) => new { r.UnitId, p.PlanId, p.Period })
                .SingleOrDefaultAsync(cancellationToken);
            if (found is null || await boards.UnitAsync(found.PlanId, found.Period, found.UnitId, cancellationToken) is not { } unit)
            {
                return null;
            }

            var current = unit.Row.Amended;
            return new Model
            {
                RowId = rowId,
                PlanId = found.PlanId,
                PlanName = unit.Board.PlanName,
                Period = found.Period,
                Row = unit.Row,
                Weights = unit.Board.Weights,
                Form = form ?? new Form
                {
                    Rank = current?.Rank ?? unit.Row.Rank,
                    OnTimeReporting = current?.Points[0] ?? unit.Row.Components[0].Points,
                    Trajectory = current?.Points[1] ?? unit.Row.Components[1].Points,
                    Overdue = current?.Points[2] ?? unit.Row.Components[2].Points,
                    NoticeResponse = current?.Points[3] ?? unit.Row.Components[3].Points,
                    MeetingItems = current?.Points[4] ?? unit.Row.Components[4].Points,
                },
            };
        }

        public async Task<CommandResult> HandleAsync(int rowId, Form form, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(form);
            var row = await db.RankingRows.AsNoTracking().Where(r => r.Id == rowId)
                .Join(db.RankingPublications, r => r.PublicationId, p => p.Id, (r, p) => new
                {
                    p.PlanId,
                    Weights = new RankingWeights(p.WeightOnTimeReporting, p.WeightTrajectory, p.WeightOverdue, p.WeightNoticeResponse, p.WeightMeetingItems),
                    Rows = db.RankingRows.Count(x => x.PublicationId == p.Id && x.PeerGroup == r.PeerGroup),
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                return CommandResult.NotFound();
            }

            var errors = new List<FieldError>();
            if (form.Rank > row.Rows)
            {
                errors.Add(new FieldError(nameof(Form.Rank), l["排名不能超过本组单位数 {0}", row.Rows]));
            }

            var limits = row.Weights.All.Select(w => w.Weight).ToList();
            for (var i = 0; i < limits.Count; i++)
            {
                if (form.Points[i] is { } points && (points < 0 || points > limits[i] || decimal.Round(points, 2) != points))
                {
                    errors.Add(new FieldError(Form.PointFields[i], l["得分应在 0 到 {0} 之间，最多两位小数", limits[i].ToString(CultureInfo.InvariantCulture)]));
                }
            }

            if (errors.Count > 0)
            {
                return CommandResult.Invalid(errors);
            }

            db.RankingAmendments.Add(RankingAmendment.Create(
                rowId, row.Weights, form.Rank!.Value, form.Points.Select(p => p!.Value).ToList(), form.Reason!, user.UserName, clock.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
            cache.Invalidate(row.PlanId);
            return CommandResult.Ok(rowId);
        }
    }
}
