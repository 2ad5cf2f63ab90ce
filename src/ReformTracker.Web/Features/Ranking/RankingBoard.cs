using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>
/// The 晒比榜 of one plan and month, for pages, the export and other features (the quarterly bulletin): the published snapshot
/// when the month is published — read from the snapshot only, amendments beside their rows — otherwise a live preview.
/// </summary>
public static class RankingBoard
{
    public sealed record Cell(RankingComponent Component, int Weight, int Good, int Counted, decimal Mark, decimal Points, string Explanation);

    public sealed record Amendment(int Id, int Rank, decimal Score, IReadOnlyList<decimal> Points, string Reason, string AmendedBy, DateTime AmendedAtUtc);

    /// <summary>
    /// One unit's line. <paramref name="RowId"/> is the published row (null in a preview); <paramref name="Change"/> is places
    /// gained since last month (null: not ranked last month, 新); <paramref name="Details"/> is filled only for a single unit's drill-down.
    /// </summary>
    public sealed record Row(
        int? RowId, int UnitId, string UnitName, UnitKind PeerGroup, int Rank, int? Change, decimal Score, IReadOnlyList<Cell> Components,
        IReadOnlyList<RankingDetail> Details, IReadOnlyList<Amendment> Amendments)
    {
        /// <summary>The latest correction, which supersedes earlier ones; the original figures stay beside it.</summary>
        public Amendment? Amended => Amendments.Count == 0 ? null : Amendments[^1];

        public int EffectiveRank => Amended?.Rank ?? Rank;
    }

    public sealed record Board(
        int PlanId, string PlanName, YearMonth Period, int? PublicationId, string? PublishedBy, DateTime? PublishedAtUtc, RankingWeights Weights, IReadOnlyList<Row> Rows)
    {
        /// <summary>When the data shown was read (a board may be served from the cache for up to a minute).</summary>
        public DateTime ComputedAtUtc { get; init; }

        /// <summary>Names this computation (each load gets its own), so its rendered tables can be kept beside it.</summary>
        public Guid ComputationId { get; init; } = Guid.NewGuid();

        public bool IsPublished => PublicationId is not null;

        public IEnumerable<IGrouping<UnitKind, Row>> Groups => Rows.GroupBy(r => r.PeerGroup).OrderBy(g => g.Key);
    }

    public sealed class Handler(AppDbContext db, DistrictClock clock, RankingFacts.Handler facts, RankingBoardCache cache)
    {
        /// <summary>
        /// The leaderboard of a plan's month (rows without details), from the cache (at most a minute old); null when the plan
        /// does not exist or the month cannot be ranked (before the plan's first year, after its last, or still ahead).
        /// </summary>
        public Task<Board?> ForMonthAsync(int planId, YearMonth period, CancellationToken cancellationToken) => cache.GetAsync(planId, period, cancellationToken);

        /// <summary>The leaderboard computed now, bypassing the cache: what the cache keeps.</summary>
        public async Task<Board?> ComputeAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var computedAtUtc = clock.UtcNow;
            var board = await LoadAsync(planId, period, null, cancellationToken);
            return board is null ? null : board with { ComputedAtUtc = computedAtUtc };
        }

        /// <summary>
        /// One unit's line with what it was counted on; null when the month cannot be ranked or the unit is not on the board.
        /// A published month reads its snapshot. A live month takes the rank and change from the (cached) board and counts
        /// the unit's own line and items now, for that unit only.
        /// </summary>
        public async Task<(Board Board, Row Row)?> UnitAsync(int planId, YearMonth period, int unitId, CancellationToken cancellationToken)
        {
            var board = await ForMonthAsync(planId, period, cancellationToken);
            if (board is { IsPublished: true })
            {
                board = await LoadAsync(planId, period, unitId, cancellationToken);
            }

            var row = board?.Rows.SingleOrDefault(r => r.UnitId == unitId);
            if (board is null || row is null)
            {
                return null;
            }

            if (!board.IsPublished)
            {
                var count = (await facts.HandleAsync(planId, period, cancellationToken, unitId)).SingleOrDefault();
                if (count is not null)
                {
                    var score = RankingScore.Score(count.Facts, board.Weights);
                    row = row with { Score = score.Score, Components = Cells(score), Details = count.Details };
                }
            }

            return (board, row);
        }

        /// <summary>Whether a month of the plan can be ranked on today's date.</summary>
        public async Task<bool> IsRankableAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.StartYear, p.EndYear }).SingleOrDefaultAsync(cancellationToken);
            return plan is not null && period.Year >= plan.StartYear && period.Year <= plan.EndYear && period <= YearMonth.Of(clock.Today);
        }

        /// <summary>The weights the plan's live ranking uses now.</summary>
        public async Task<RankingWeights> WeightsAsync(int planId, CancellationToken cancellationToken) =>
            (await db.RankingWeights.AsNoTracking().Where(w => w.PlanId == planId)
                .Select(w => new RankingWeights(w.OnTimeReporting, w.Trajectory, w.Overdue, w.NoticeResponse, w.MeetingItems))
                .SingleOrDefaultAsync(cancellationToken)) ?? RankingWeights.Default;

        /// <summary>Scores and ranks the month from today's data, with the change against the previous month (its snapshot if published).</summary>
        public async Task<IReadOnlyList<(UnitScore Score, IReadOnlyList<RankingDetail> Details)>> LiveAsync(
            int planId, YearMonth period, RankingWeights weights, CancellationToken cancellationToken)
        {
            // Every unit's items are kept with a publication, so they are counted record by record here.
            var counts = await facts.HandleAsync(planId, period, cancellationToken);
            var previous = await PreviousRanksAsync(planId, period, weights, cancellationToken);
            var details = counts.ToDictionary(c => c.Facts.UnitId, c => c.Details);
            return RankingScore.Rank(counts.Select(c => c.Facts), weights, previous).Select(s => (s, details[s.UnitId])).ToList();
        }

        private async Task<Board?> LoadAsync(int planId, YearMonth period, int? detailsOf, CancellationToken cancellationToken)
        {
            var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Name }).SingleOrDefaultAsync(cancellationToken);
            if (plan is null || !await IsRankableAsync(planId, period, cancellationToken))
            {
                return null;
            }

            var publication = await db.RankingPublications.AsNoTracking().Where(p => p.PlanId == planId && p.Period == period)
                .Select(p => new
                {
                    p.Id, p.PublishedBy, p.PublishedAtUtc,
                    Weights = new RankingWeights(p.WeightOnTimeReporting, p.WeightTrajectory, p.WeightOverdue, p.WeightNoticeResponse, p.WeightMeetingItems),
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (publication is not null)
            {
                var rows = await SnapshotAsync(publication.Id, detailsOf, cancellationToken);
                return new Board(planId, plan.Name, period, publication.Id, publication.PublishedBy, publication.PublishedAtUtc, publication.Weights, rows);
            }

            var weights = await WeightsAsync(planId, cancellationToken);
            var (counts, previous) = await CountWithPreviousRanksAsync(planId, period, weights, cancellationToken);
            var liveRows = RankingScore.Rank(counts, weights, previous)
                .Select(s => new Row(null, s.UnitId, s.UnitName, s.PeerGroup, s.Rank, s.Change, s.Score, Cells(s), [], []))
                .ToList();
            return new Board(planId, plan.Name, period, null, null, null, weights, liveRows);
        }

        private static List<Cell> Cells(UnitScore score) =>
            score.Components.Select(c => new Cell(c.Component, c.Weight, c.Good, c.Counted, c.Mark, c.Points, c.Explanation)).ToList();

        private async Task<IReadOnlyList<Row>> SnapshotAsync(int publicationId, int? detailsOf, CancellationToken cancellationToken)
        {
            var rows = await db.RankingRows.AsNoTracking().Where(r => r.PublicationId == publicationId)
                .Select(r => new { r.Id, r.UnitId, r.UnitName, r.PeerGroup, r.Rank, r.Change, r.Score })
                .ToListAsync(cancellationToken);
            var rowIds = db.RankingRows.Where(r => r.PublicationId == publicationId).Select(r => r.Id);
            var components = (await db.RankingComponents.AsNoTracking().Where(c => rowIds.Contains(c.RowId))
                    .Select(c => new { c.RowId, Cell = new Cell(c.Component, c.Weight, c.Good, c.Counted, c.Mark, c.Points, c.Explanation) })
                    .ToListAsync(cancellationToken))
                .ToLookup(c => c.RowId, c => c.Cell);
            var amendments = (await db.RankingAmendments.AsNoTracking().Where(a => rowIds.Contains(a.RowId))
                    .Select(a => new { a.RowId, a.Id, a.Rank, a.Score, a.OnTimeReporting, a.Trajectory, a.Overdue, a.NoticeResponse, a.MeetingItems, a.Reason, a.AmendedBy, a.AmendedAtUtc })
                    .ToListAsync(cancellationToken))
                .OrderBy(a => a.Id)
                .ToLookup(a => a.RowId, a => new Amendment(
                    a.Id, a.Rank, a.Score, [a.OnTimeReporting, a.Trajectory, a.Overdue, a.NoticeResponse, a.MeetingItems], a.Reason, a.AmendedBy, a.AmendedAtUtc));
            var detailRowId = rows.Where(r => r.UnitId == detailsOf).Select(r => (int?)r.Id).SingleOrDefault();
            var details = detailRowId is { } one
                ? (await db.RankingDetails.AsNoTracking().Where(d => d.RowId == one).OrderBy(d => d.Id)
                    .Select(d => new RankingDetail(d.Component, d.Subject, d.LinkId, d.Label, d.Note, d.Outcome)).ToListAsync(cancellationToken))
                : [];
            return rows
                .OrderBy(r => r.PeerGroup).ThenBy(r => r.Rank).ThenBy(r => r.UnitName, StringComparer.Ordinal)
                .Select(r => new Row(
                    r.Id, r.UnitId, r.UnitName, r.PeerGroup, r.Rank, r.Change, r.Score, components[r.Id].OrderBy(c => c.Component).ToList(),
                    r.Id == detailRowId ? details : [], amendments[r.Id].ToList()))
                .ToList();
        }

        /// <summary>The month's counts and the previous month's ranks: its snapshot if published, else counted with the month in one read.</summary>
        private async Task<(IReadOnlyList<UnitMonthFacts> Counts, IReadOnlyDictionary<int, int>? PreviousRanks)> CountWithPreviousRanksAsync(
            int planId, YearMonth period, RankingWeights weights, CancellationToken cancellationToken)
        {
            var previous = period.Previous;
            if (!await IsRankableAsync(planId, previous, cancellationToken))
            {
                return (await facts.CountAsync(planId, period, cancellationToken), null);
            }

            if (await PublishedRanksAsync(planId, previous, cancellationToken) is { } published)
            {
                return (await facts.CountAsync(planId, period, cancellationToken), published);
            }

            var (month, before) = await facts.CountWithPreviousAsync(planId, period, cancellationToken);
            return (month, RankingScore.Rank(before, weights).ToDictionary(s => s.UnitId, s => s.Rank));
        }

        private async Task<IReadOnlyDictionary<int, int>?> PreviousRanksAsync(int planId, YearMonth period, RankingWeights weights, CancellationToken cancellationToken)
        {
            var previous = period.Previous;
            if (!await IsRankableAsync(planId, previous, cancellationToken))
            {
                return null;
            }

            return await PublishedRanksAsync(planId, previous, cancellationToken)
                ?? RankingScore.Rank(await facts.CountAsync(planId, previous, cancellationToken), weights).ToDictionary(s => s.UnitId, s => s.Rank);
        }

        /// <summary>The ranks a published month settled on (amended ranks where amended); null when the month is not published.</summary>
        private async Task<IReadOnlyDictionary<int, int>?> PublishedRanksAsync(int planId, YearMonth period, CancellationToken cancellationToken)
        {
            var publicationId = await db.RankingPublications.AsNoTracking().Where(p => p.PlanId == planId && p.Period == period)
                .Select(p => (int?)p.Id).SingleOrDefaultAsync(cancellationToken);
            return publicationId is { } id ? (await SnapshotAsync(id, null, cancellationToken)).ToDictionary(r => r.UnitId, r => r.EffectiveRank) : null;
        }
    }
}
