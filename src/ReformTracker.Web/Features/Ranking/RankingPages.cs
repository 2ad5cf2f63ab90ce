using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Features.Shared;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>晒比榜 (/ranking) and a unit's drill-down (/ranking/units/{id}): which plan and month, and what the reader may do there.</summary>
public static class RankingPages
{
    public sealed class Query
    {
        public int? Plan { get; set; }

        /// <summary>yyyy-MM; absent means the latest published month, or the current month when none is published.</summary>
        public string? Month { get; set; }

        /// <summary>One peer group's board only; absent means all of them, one after the other.</summary>
        public UnitKind? Group { get; set; }

        public int? Page { get; set; }

        public int? Size { get; set; }
    }

    public sealed record MonthOption(string Value, bool Published);

    /// <summary>Rows shown on one page of the board (a province has thousands of units; the export has them all).</summary>
    public const int PageSize = 50;

    public sealed class Model
    {
        public required RankingBoard.Board Board { get; init; }

        /// <summary>The peer group shown, or null for all of them.</summary>
        public UnitKind? Group { get; init; }

        /// <summary>Every peer group on the board with its number of units (they do not change with the page).</summary>
        public required IReadOnlyList<(UnitKind Group, int Count)> Groups { get; init; }

        /// <summary>This page's rows, by peer group and rank.</summary>
        public required IReadOnlyList<IGrouping<UnitKind, RankingBoard.Row>> PageGroups { get; init; }

        public required PageInfo Paging { get; init; }

        public required IReadOnlyList<Option> Plans { get; init; }

        public required IReadOnlyList<MonthOption> Months { get; init; }

        public required bool MayPublish { get; init; }

        /// <summary>Why the month cannot be published yet (its cut-off has not passed); null when it can, or is published.</summary>
        public string? PublishNotYet { get; init; }

        public required bool MayAmend { get; init; }

        public required bool MayConfigure { get; init; }

        public string MonthValue => Board.Period.ToString();
    }

    public sealed class UnitModel
    {
        public required RankingBoard.Board Board { get; init; }

        public required RankingBoard.Row Row { get; init; }

        /// <summary>
        /// What the unit was counted on; <c>Visible</c> is false for a task outside the reader's row scope, or a notice or meeting
        /// item of another unit for a reader who does not see everything: those show only what happened, not what they are.
        /// </summary>
        public required IReadOnlyList<(Domain.Ranking.RankingDetail Detail, bool Visible)> Lines { get; init; }

        public required bool MayAmend { get; init; }
    }

    public sealed class Handler(
        AppDbContext db, DistrictClock clock, ReportingCalendar calendar, CurrentUser user, RankingBoard.Handler boards, IMemoryCache cache, DataChangeSignals signals)
    {
        /// <summary>Null when the plan or month is unknown or cannot be ranked (404).</summary>
        public async Task<Model?> BoardAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var target = await ResolveAsync(query, cancellationToken);
            if (target is not { } t)
            {
                return null;
            }

            var board = await boards.ForMonthAsync(t.PlanId, t.Period, cancellationToken);
            if (board is null)
            {
                return null;
            }

            var cutOff = calendar.CutOffFor(t.Period);
            var groups = board.Groups.ToList();
            var rows = groups.Where(g => query.Group is null || g.Key == query.Group).SelectMany(g => g).ToList();
            var paging = PageInfo.For(query.Page, query.Size ?? PageSize, rows.Count);
            return new Model
            {
                Board = board,
                Group = query.Group,
                Groups = groups.Select(g => (g.Key, g.Count())).ToList(),
                PageGroups = rows.Skip(paging.Skip).Take(paging.PageSize).GroupBy(r => r.PeerGroup).ToList(),
                Paging = paging,
                Plans = (await FrameAsync(cancellationToken)).Plans.OrderByDescending(p => p.EndYear).ThenByDescending(p => p.Id)
                    .Select(p => new Option(p.Id, p.Name)).ToList(),
                Months = await MonthsAsync(t.PlanId, cancellationToken),
                MayPublish = user.Can(Permissions.RankingPublish) && !board.IsPublished && clock.Today > cutOff,
                PublishNotYet = board.IsPublished || clock.Today > cutOff ? null : cutOff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                MayAmend = user.Can(Permissions.RankingPublish) && board.IsPublished,
                MayConfigure = user.Can(Permissions.RankingConfigure),
            };
        }

        public async Task<UnitModel?> UnitAsync(int unitId, Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            if (await ResolveAsync(query, cancellationToken) is not { } t || await boards.UnitAsync(t.PlanId, t.Period, unitId, cancellationToken) is not { } found)
            {
                return null;
            }

            var taskIds = found.Row.Details.Where(d => d.Subject is not (Domain.Ranking.RankingSubject.Notice or Domain.Ranking.RankingSubject.MeetingItem))
                .Select(d => d.LinkId).Distinct().ToList();
            var visible = await db.Tasks.AsNoTracking().VisibleTo(user).Where(x => taskIds.Contains(x.Id)).Select(x => x.Id).ToListAsync(cancellationToken);
            return new UnitModel
            {
                Board = found.Board,
                Row = found.Row,
                Lines = found.Row.Details.Select(d => (d, d.Subject is Domain.Ranking.RankingSubject.Notice or Domain.Ranking.RankingSubject.MeetingItem
                    ? user.SeesAllTasks || user.UnitId == unitId
                    : visible.Contains(d.LinkId))).ToList(),
                MayAmend = user.Can(Permissions.RankingPublish) && found.Board.IsPublished,
            };
        }

        /// <summary>The plan (given, or the latest) and month (given, or the latest published, or the current one); null for bad input.</summary>
        public async Task<(int PlanId, YearMonth Period)?> ResolveAsync(Query query, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            // By default the latest plan running this year (a plan set up for next year has nothing to rank yet).
            var year = clock.Today.Year;
            var frame = await FrameAsync(cancellationToken);
            var planId = query.Plan ?? frame.Plans
                .OrderByDescending(p => p.StartYear <= year && p.EndYear >= year).ThenByDescending(p => p.EndYear).ThenByDescending(p => p.Id)
                .Select(p => (int?)p.Id).FirstOrDefault();
            if (planId is not { } plan)
            {
                return null;
            }

            if (query.Month is not null)
            {
                return YearMonth.TryParse(query.Month, out var period) ? (plan, period) : null;
            }

            var published = frame.Published[plan].Select(p => (YearMonth?)p).Max();
            return (plan, published ?? YearMonth.Of(clock.Today));
        }

        /// <summary>
        /// The plans and their published months, read on every ranking page: kept until a plan or a publication changes
        /// (a minute at most), so a page costs the cached board and its rendering, not five more queries.
        /// </summary>
        private Task<Frame> FrameAsync(CancellationToken cancellationToken) =>
            signals.KeptAsync(cache, "ranking-pages-frame", TimeSpan.FromMinutes(1), async () =>
            {
                var plans = await db.Plans.AsNoTracking().Select(p => new PlanEntry(p.Id, p.Name, p.StartYear, p.EndYear)).ToListAsync(cancellationToken);
                var published = (await db.RankingPublications.AsNoTracking().Select(p => new { p.PlanId, p.Period }).ToListAsync(cancellationToken))
                    .ToLookup(p => p.PlanId, p => p.Period);
                return new Frame(plans, published);
            },
            (DataArea.Registry, 0), (DataArea.Ranking, 0));

        private sealed record PlanEntry(int Id, string Name, int StartYear, int EndYear);

        private sealed record Frame(IReadOnlyList<PlanEntry> Plans, ILookup<int, YearMonth> Published);

        private async Task<IReadOnlyList<MonthOption>> MonthsAsync(int planId, CancellationToken cancellationToken)
        {
            var frame = await FrameAsync(cancellationToken);
            var plan = frame.Plans.Single(p => p.Id == planId);
            var published = frame.Published[planId].ToHashSet();
            var current = YearMonth.Of(clock.Today);
            var last = current.Year > plan.EndYear ? new YearMonth(plan.EndYear, 12) : current;
            var months = new List<MonthOption>();
            for (var m = last; m.Year >= plan.StartYear && months.Count < 36; m = m.Previous)
            {
                months.Add(new MonthOption(m.ToString(), published.Contains(m)));
            }

            return months;
        }
    }
}
