using Microsoft.Extensions.Caching.Memory;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.UnitTests;

public sealed class RefreshingCacheTests : IDisposable
{
    private static readonly Freshness Policy = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

    private readonly MemoryCache memory = new(new MemoryCacheOptions());
    private readonly SettableClock clock = new();
    private readonly RefreshingCache cache;
    private int computations;

    public RefreshingCacheTests() => cache = new RefreshingCache(memory, clock);

    public void Dispose() => memory.Dispose();

    [Fact]
    public async Task A_fresh_value_is_served_without_computing_again()
    {
        var first = await cache.GetAsync("k", Policy, Count, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));

        var second = await cache.GetAsync("k", Policy, Count, CancellationToken.None);

        Assert.Equal(1, first.Value);
        Assert.Equal(1, second.Value);
        Assert.Equal(clock.Start, second.ComputedAt);
        Assert.Equal(1, computations);
    }

    [Fact]
    public async Task A_stale_value_is_served_to_others_while_the_first_request_to_notice_computes_the_next()
    {
        await cache.GetAsync("k", Policy, Count, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(45));
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var refresher = cache.GetAsync("k", Policy, () => release.Task, CancellationToken.None);
        var meanwhile = await cache.GetAsync("k", Policy, Count, CancellationToken.None);

        Assert.False(refresher.IsCompleted);
        Assert.Equal(1, meanwhile.Value);
        Assert.Equal(1, computations);

        release.SetResult(2);
        Assert.Equal(2, (await refresher).Value);
        Assert.Equal(2, (await cache.GetAsync("k", Policy, Count, CancellationToken.None)).Value);
        Assert.Equal(clock.Start.AddSeconds(45), (await cache.GetAsync("k", Policy, Count, CancellationToken.None)).ComputedAt);
    }

    [Fact]
    public async Task A_value_past_its_maximum_age_is_never_served_and_concurrent_requests_share_one_computation()
    {
        await cache.GetAsync("k", Policy, Count, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(60));
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = cache.GetAsync("k", Policy, () => release.Task, CancellationToken.None);
        var second = cache.GetAsync("k", Policy, Count, CancellationToken.None);

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        release.SetResult(7);
        Assert.Equal(7, (await first).Value);
        Assert.Equal(7, (await second).Value);
        Assert.Equal(1, computations);
    }

    [Fact]
    public async Task A_failed_computation_is_not_cached_and_the_next_request_computes_again()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.GetAsync<int>("k", Policy, () => throw new InvalidOperationException("database gone"), CancellationToken.None));

        Assert.Equal(1, (await cache.GetAsync("k", Policy, Count, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task Keys_never_share_values()
    {
        await cache.GetAsync("a", Policy, Count, CancellationToken.None);

        Assert.Equal(2, (await cache.GetAsync("b", Policy, Count, CancellationToken.None)).Value);
        Assert.Equal(1, (await cache.GetAsync("a", Policy, Count, CancellationToken.None)).Value);
    }

    private Task<int> Count() => Task.FromResult(++computations);

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Start { get; } = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

        private TimeSpan elapsed;

        public void Advance(TimeSpan by) => elapsed += by;

        public override DateTimeOffset GetUtcNow() => Start + elapsed;
    }
}
