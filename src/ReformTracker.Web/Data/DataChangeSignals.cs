using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data;

/// <summary>What a cached read depends on.</summary>
public enum DataArea
{
    /// <summary>Units, offices, officials, plans and areas: the option lists of filters and forms.</summary>
    Registry,

    /// <summary>
    /// Tasks, their milestones, cooperating units, lights, open flags and close-out applications (with their evidence):
    /// task counts, who may see which unit's tasks, what a task's page shows.
    /// </summary>
    Tasks,

    /// <summary>Published 晒比榜 months, their corrections and the plans' weights.</summary>
    Ranking,

    /// <summary>One unit's monthly reports and cooperation feedback (<see cref="DataChangeSignals.TokenForUnitReports"/>).</summary>
    UnitReports,
}

/// <summary>
/// Change tokens that fire after a save through EF changed rows of a <see cref="DataArea"/>, so cached reads are
/// dropped at once (<c>ICacheEntry.AddExpirationToken</c>). Writes that bypass EF (SQL, other processes) do not
/// fire them: a cached read must still expire by time.
/// </summary>
public sealed class DataChangeSignals : SaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(DataArea Area, int UnitId), CancellationTokenSource> _sources = [];
    private readonly ConditionalWeakTable<DbContext, HashSet<(DataArea, int)>> _pending = [];

    public IChangeToken TokenFor(DataArea area) => TokenFor(area, 0);

    /// <summary>Fires when a report or cooperation feedback of the unit (the unit that filed or gave it) is saved.</summary>
    public IChangeToken TokenForUnitReports(int unitId) => TokenFor(DataArea.UnitReports, unitId);

    /// <summary>
    /// A value kept in <paramref name="cache"/> until a save through EF changes one of <paramref name="areas"/> (a unit id
    /// for <see cref="DataArea.UnitReports"/>, 0 otherwise) or <paramref name="lifetime"/> passes; read afresh otherwise.
    /// The tokens are taken before the read, so a save landing during it drops the entry instead of keeping old rows.
    /// </summary>
    public Task<T> KeptAsync<T>(IMemoryCache cache, string key, TimeSpan lifetime, Func<Task<T>> read, params (DataArea Area, int UnitId)[] areas) =>
        KeptAsync(cache, key, lifetime, null, read, static _ => true, areas);

    /// <summary>
    /// As the first overload, but a value read afresh is kept only if <paramref name="keep"/> says the signals of
    /// <paramref name="areas"/> cover everything in it; otherwise it is returned and read again next time.
    /// </summary>
    public Task<T> KeptAsync<T>(IMemoryCache cache, string key, TimeSpan lifetime, Func<Task<T>> read, Func<T, bool> keep, params (DataArea Area, int UnitId)[] areas) =>
        KeptAsync(cache, key, lifetime, null, read, keep, areas);

    /// <summary>As the first overload, in a cache with a size limit: <paramref name="size"/> is what the entry counts against it.</summary>
    public Task<T> KeptAsync<T>(IMemoryCache cache, string key, TimeSpan lifetime, long? size, Func<Task<T>> read, params (DataArea Area, int UnitId)[] areas) =>
        KeptAsync(cache, key, lifetime, size, read, static _ => true, areas);

    private async Task<T> KeptAsync<T>(
        IMemoryCache cache, string key, TimeSpan lifetime, long? size, Func<Task<T>> read, Func<T, bool> keep, (DataArea Area, int UnitId)[] areas)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(keep);
        if (cache.TryGetValue(key, out T? kept) && kept is not null)
        {
            return kept;
        }

        var tokens = areas.Select(a => TokenFor(a.Area, a.UnitId)).ToList();
        var value = await read();
        if (!keep(value))
        {
            return value;
        }

        using var entry = cache.CreateEntry(key);
        entry.Value = value;
        entry.AbsoluteExpirationRelativeToNow = lifetime;
        entry.Size = size;
        foreach (var token in tokens)
        {
            entry.AddExpirationToken(token);
        }

        return value;
    }

    /// <summary>Drops everything cached for the area (also used by writes that bypass EF).</summary>
    public void Signal(DataArea area) => Signal(area, 0);

    private CancellationChangeToken TokenFor(DataArea area, int unitId)
    {
        lock (_gate)
        {
            if (!_sources.TryGetValue((area, unitId), out var source))
            {
                source = new CancellationTokenSource();
                _sources[(area, unitId)] = source;
            }

            return new CancellationChangeToken(source.Token);
        }
    }

    private void Signal(DataArea area, int unitId)
    {
        CancellationTokenSource? fired;
        lock (_gate)
        {
            _sources.Remove((area, unitId), out fired);
        }

        if (fired is not null)
        {
            fired.Cancel();
            fired.Dispose();
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Fire(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Fire(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Fire(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Fire(eventData.Context);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var areas = new HashSet<(DataArea, int)>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && AreaOf(entry.Entity) is { } area)
            {
                areas.Add(area);
            }
        }

        if (areas.Count > 0)
        {
            _pending.AddOrUpdate(context, areas);
        }
    }

    /// <summary>After the save (or its failure: the rows may be half written by then), never before, so a read racing the save cannot cache the old rows for long.</summary>
    private void Fire(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var areas))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var (area, unitId) in areas)
        {
            Signal(area, unitId);
        }
    }

    private static (DataArea, int)? AreaOf(object entity) => entity switch
    {
        Unit or Office or Official or Plan or Area => (DataArea.Registry, 0),
        ReformTask or Milestone or TaskCooperation or TaskLight or CloseOutApplication => (DataArea.Tasks, 0),
        Flag { TaskId: not null } => (DataArea.Tasks, 0),
        EvidenceFile { CloseOutId: not null } => (DataArea.Tasks, 0),
        RankingPublication or RankingAmendment or PlanRankingWeights => (DataArea.Ranking, 0),
        MonthlyReport report => (DataArea.UnitReports, report.UnitId),
        CooperationFeedback feedback => (DataArea.UnitReports, feedback.UnitId),
        _ => null,
    };
}
