using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace ReformTracker.Web.Infrastructure;

/// <summary>A value and the moment it was computed, so a page can say how fresh its numbers are.</summary>
public sealed record Stamped<T>(T Value, DateTimeOffset ComputedAt);

/// <summary>How long a computed value is served as it is, and the age after which it is never served again.</summary>
public sealed record Freshness(TimeSpan Fresh, TimeSpan MaxAge)
{
    public static readonly Freshness LeaderFigures = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
}

/// <summary>
/// Stale-while-revalidate for figures that cost a whole-province query: a value younger than
/// <see cref="Freshness.Fresh"/> is served as it is; an older one is still served to everyone while the one request that
/// found it stale computes the next; a value older than <see cref="Freshness.MaxAge"/> is never served, and everyone
/// waits for a single computation. So under load almost no request waits, and no figure is ever older than the maximum age.
/// </summary>
/// <remarks>
/// The computation runs in the scope of the request that starts it (its database context, its user), so a key must
/// say everything that makes two requests' values differ: scope, filter, culture. A failed computation is not cached.
/// </remarks>
public sealed class RefreshingCache(IMemoryCache cache, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Task> computing = new(StringComparer.Ordinal);

    public async Task<Stamped<T>> GetAsync<T>(string key, Freshness freshness, Func<Task<T>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(freshness);
        ArgumentNullException.ThrowIfNull(compute);
        var cacheKey = (typeof(RefreshingCache), key);
        if (cache.TryGetValue(cacheKey, out Stamped<T>? cached) && cached is not null)
        {
            var age = time.GetUtcNow() - cached.ComputedAt;
            if (age < freshness.Fresh)
            {
                return cached;
            }

            if (age < freshness.MaxAge)
            {
                // Stale but servable: the first request to notice refreshes it; the others keep the stale value meanwhile.
                return TryStart(key, cacheKey, freshness, compute, out var refresh) ? await refresh : cached;
            }
        }

        if (TryStart(key, cacheKey, freshness, compute, out var started))
        {
            // The starter waits without its own cancellation: others may be waiting for the same computation.
            return await started;
        }

        return computing.TryGetValue(key, out var running)
            ? await ((Task<Stamped<T>>)running).WaitAsync(cancellationToken)
            : await GetAsync(key, freshness, compute, cancellationToken);
    }

    private bool TryStart<T>(string key, object cacheKey, Freshness freshness, Func<Task<T>> compute, out Task<Stamped<T>> computation)
    {
        var gate = new TaskCompletionSource<Stamped<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!computing.TryAdd(key, gate.Task))
        {
            computation = null!;
            return false;
        }

        computation = ComputeAsync(key, cacheKey, freshness, compute, gate);
        return true;
    }

    private async Task<Stamped<T>> ComputeAsync<T>(string key, object cacheKey, Freshness freshness, Func<Task<T>> compute, TaskCompletionSource<Stamped<T>> gate)
    {
        try
        {
            // Stamped with the moment the computation began: its figures are at least that old.
            var startedAt = time.GetUtcNow();
            var stamped = new Stamped<T>(await compute(), startedAt);
            cache.Set(cacheKey, stamped, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = freshness.MaxAge });
            gate.SetResult(stamped);
            return stamped;
        }
        catch (Exception exception)
        {
            gate.SetException(exception);
            throw;
        }
        finally
        {
            computing.TryRemove(key, out _);
        }
    }
}
