using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Ranking;

/// <summary>
/// Keeps each computed board (plan, month) for a while, stale-while-revalidate: younger than <see cref="Options.FreshSeconds"/>
/// it is served as it is; older, it is still served while exactly one background refresh (in a scope of its own) computes the
/// next one, up to <see cref="Options.MaxAgeSeconds"/>; older than that, the request computes it afresh. A failed refresh
/// drops the entry, so the next request computes. Ages are read from the district clock, so a test can move time.
/// The board is the same for every reader (every unit's line, no row scope), so the key holds no user. Publishing, amending
/// and changing weights call <see cref="Invalidate"/>, which retires every board of the plan at once (a later month's change
/// column reads the earlier month).
/// </summary>
public sealed class RankingBoardCache(
    IMemoryCache cache, IServiceScopeFactory scopes, DistrictClock clock, IOptions<RankingBoardCache.Options> options, ILogger<RankingBoardCache> logger)
{
    public sealed class Options
    {
        public const string SectionName = "Ranking";

        public int FreshSeconds { get; set; } = 30;

        public int MaxAgeSeconds { get; set; } = 60;
    }

    /// <summary>A board being computed or computed, with the time its data was read.</summary>
    private sealed class Entry(Task<RankingBoard.Board?> board, DateTime computedAtUtc)
    {
        private int _refreshing;

        public Task<RankingBoard.Board?> Board { get; } = board;

        public DateTime ComputedAtUtc { get; } = computedAtUtc;

        public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;
    }

    private readonly ConcurrentDictionary<int, int> _generations = new();
    private readonly Lock _gate = new();

    /// <summary>The board of the plan's month, at most <see cref="Options.MaxAgeSeconds"/> old; null when it cannot be ranked.</summary>
    public async Task<RankingBoard.Board?> GetAsync(int planId, YearMonth period, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MaxAgeSeconds <= 0)
        {
            return await ComputeAsync(planId, period, cancellationToken);
        }

        var key = Key(planId, period);
        Entry entry;
        lock (_gate)
        {
            var now = clock.UtcNow;
            if (!cache.TryGetValue(key, out Entry? cached) || cached is null || now - cached.ComputedAtUtc >= TimeSpan.FromSeconds(settings.MaxAgeSeconds))
            {
                // Requests arriving while it computes await the same computation.
                cached = new Entry(Task.Run(() => ComputeAsync(planId, period, CancellationToken.None), CancellationToken.None), now);
                Store(key, cached);
            }
            else if (cached.Board.IsCompletedSuccessfully && now - cached.ComputedAtUtc >= TimeSpan.FromSeconds(settings.FreshSeconds) && cached.TryStartRefresh())
            {
                var stale = cached;
                _ = Task.Run(() => RefreshAsync(key, stale, planId, period), CancellationToken.None);
            }

            entry = cached;
        }

        try
        {
            var board = await entry.Board.WaitAsync(cancellationToken);
            if (board is null)
            {
                // Nothing to keep: an unknown plan or a month that cannot be ranked (yet) is cheap to ask again.
                Remove(key, entry);
            }

            return board;
        }
        catch (Exception) when (entry.Board.IsFaulted || entry.Board.IsCanceled)
        {
            Remove(key, entry);
            throw;
        }
    }

    /// <summary>Retires every cached board of the plan: the next request for any of its months computes.</summary>
    public void Invalidate(int planId) => _generations.AddOrUpdate(planId, 1, (_, generation) => generation + 1);

    private string Key(int planId, YearMonth period) => $"ranking-board|{planId}|{_generations.GetValueOrDefault(planId)}|{period}";

    private async Task<RankingBoard.Board?> ComputeAsync(int planId, YearMonth period, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RankingBoard.Handler>().ComputeAsync(planId, period, cancellationToken);
    }

    private async Task RefreshAsync(string key, Entry stale, int planId, YearMonth period)
    {
        var startedAtUtc = clock.UtcNow;
        try
        {
            var board = await ComputeAsync(planId, period, CancellationToken.None);
            lock (_gate)
            {
                // Only if nothing replaced the stale entry meanwhile (an invalidation changes the key, so this one is never read again).
                if (cache.TryGetValue(key, out Entry? current) && ReferenceEquals(current, stale))
                {
                    Store(key, new Entry(Task.FromResult(board), startedAtUtc));
                }
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Refreshing the ranking board of plan {PlanId}, {Period} failed; the next request computes it", planId, period.ToString());
            Remove(key, stale);
        }
    }

    private void Store(string key, Entry entry) =>
        // The real-time expiry only frees memory; how old a board may be is decided above, on the district clock.
        cache.Set(key, entry, TimeSpan.FromSeconds(options.Value.MaxAgeSeconds * 2));

    private void Remove(string key, Entry entry)
    {
        lock (_gate)
        {
            if (cache.TryGetValue(key, out Entry? current) && ReferenceEquals(current, entry))
            {
                cache.Remove(key);
            }
        }
    }
}
