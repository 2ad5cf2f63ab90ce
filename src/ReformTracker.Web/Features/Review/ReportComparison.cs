using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;

namespace ReformTracker.Web.Features.Review;

/// <summary>What changed since last month: a submitted report set against the previous month's accepted report of the same task.</summary>
public static class ReportComparison
{
    public const int ShortTextLength = 60;

    public sealed record MilestoneReached(string Title, DateOnly ReachedOn);

    public sealed record Model(
        YearMonth PreviousPeriod,
        bool HasPrevious,
        int? PercentBefore,
        int PercentAfter,
        string? AchievementBefore,
        string Achievement,
        int OpenProblems,
        int ProblemsAdded,
        int ProblemsResolved,
        bool IsKeyProject,
        decimal? InvestmentBefore,
        decimal? InvestmentThisMonth,
        IReadOnlyList<MilestoneReached> MilestonesReached)
    {
        public int? PercentDelta => PercentBefore is { } before ? PercentAfter - before : null;

        public string? AchievementBeforeShort => AchievementBefore is null ? null : Shorten(AchievementBefore);

        public bool AchievementBeforeIsLong => AchievementBefore is { Length: > ShortTextLength };
    }

    /// <summary>Problems are matched by their description: a copied-forward problem keeps its text, a new one brings new text.</summary>
    public static Model Compare(MonthlyReport current, MonthlyReport? previous, bool isKeyProject, IReadOnlyDictionary<int, string> milestoneTitles)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(milestoneTitles);
        var open = current.Problems.Where(p => p.ResolvedOn is null).Select(p => Key(p.Description)).ToHashSet(StringComparer.Ordinal);
        var openBefore = previous?.Problems.Where(p => p.ResolvedOn is null).Select(p => Key(p.Description)).ToHashSet(StringComparer.Ordinal) ?? [];
        var before = previous?.Effective;

        return new Model(
            current.Period.Previous,
            previous is not null,
            before?.Percent,
            current.PercentComplete,
            before?.Achievement,
            current.Achievement,
            open.Count,
            open.Count(p => !openBefore.Contains(p)),
            openBefore.Count(p => !open.Contains(p)),
            isKeyProject,
            previous?.InvestmentThisMonth,
            current.InvestmentThisMonth,
            current.MilestonesReached
                .OrderBy(m => m.ReachedOn)
                .Select(m => new MilestoneReached(milestoneTitles.GetValueOrDefault(m.MilestoneId, "—"), m.ReachedOn))
                .ToList());
    }

    /// <summary>The previous month's accepted report of each given report's task, keyed by the later report's id; one query.</summary>
    public static async Task<Dictionary<int, MonthlyReport>> PreviousAcceptedAsync(AppDbContext db, IReadOnlyCollection<MonthlyReport> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            return [];
        }

        var taskIds = reports.Select(r => r.TaskId).Distinct().ToList();
        var periods = reports.Select(r => r.Period.Previous).Distinct().ToList();
        var candidates = await db.Reports.AsNoTracking()
            .Include(r => r.Problems)
            .Include(r => r.Amendments)
            .Where(r => taskIds.Contains(r.TaskId) && periods.Contains(r.Period) && r.Status == ReportStatus.Accepted)
            .ToListAsync(cancellationToken);
        var byTaskAndPeriod = candidates.ToDictionary(r => (r.TaskId, r.Period));
        var result = new Dictionary<int, MonthlyReport>();
        foreach (var report in reports)
        {
            if (byTaskAndPeriod.TryGetValue((report.TaskId, report.Period.Previous), out var previous))
            {
                result[report.Id] = previous;
            }
        }

        return result;
    }

    public static async Task<Dictionary<int, string>> MilestoneTitlesAsync(AppDbContext db, IEnumerable<MonthlyReport> reports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reports);
        var ids = reports.SelectMany(r => r.MilestonesReached).Select(m => m.MilestoneId).Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Milestones.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Title, cancellationToken);
    }

    public static string Shorten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= ShortTextLength ? line : string.Concat(line.AsSpan(0, ShortTextLength), "…");
    }

    private static string Key(string description) => description.Trim();
}
