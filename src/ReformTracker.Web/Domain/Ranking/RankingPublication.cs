using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.Web.Domain.Ranking;

/// <summary>What a line of the drill-down points at; decides the link (a task, a notice, a meeting).</summary>
public enum RankingSubject
{
    Report = 1,
    Task = 2,
    Milestone = 3,
    Notice = 4,
    MeetingItem = 5,
}

/// <summary>How a counted thing came out: it earned the mark, it cost the mark, or it was left out (容错, not yet due).</summary>
public enum RankingOutcome
{
    Good = 1,
    Failed = 2,
    Exempt = 3,
}

/// <summary>
/// One thing counted for a component, for the drill-down: <paramref name="LinkId"/> is the task (reports, tasks, milestones),
/// the notice, or the meeting (items) to open.
/// </summary>
public sealed record RankingDetail(RankingComponent Component, RankingSubject Subject, int LinkId, string Label, string Note, RankingOutcome Outcome);

/// <summary>
/// A published month of the 晒比榜: the rows exactly as they stood when published (scores, components, explanations and the
/// things counted). Nothing here is ever changed afterwards; corrections are <see cref="RankingAmendment"/>s beside a row.
/// One publication per plan and month.
/// </summary>
public sealed class RankingPublication : Entity
{
    private readonly List<RankingPublicationRow> _rows = [];

    private RankingPublication()
    {
        PublishedBy = string.Empty;
    }

    public int PlanId { get; private set; }

    public YearMonth Period { get; private set; }

    public string PublishedBy { get; private set; }

    public DateTime PublishedAtUtc { get; private set; }

    public int WeightOnTimeReporting { get; private set; }

    public int WeightTrajectory { get; private set; }

    public int WeightOverdue { get; private set; }

    public int WeightNoticeResponse { get; private set; }

    public int WeightMeetingItems { get; private set; }

    public RankingWeights Weights => new(WeightOnTimeReporting, WeightTrajectory, WeightOverdue, WeightNoticeResponse, WeightMeetingItems);

    public IReadOnlyList<RankingPublicationRow> Rows => _rows;

    /// <summary>Freezes a ranked month: <paramref name="ranked"/> as returned by <see cref="RankingScore.Rank"/>, with what each unit was counted on.</summary>
    public static RankingPublication Publish(
        int planId, YearMonth period, RankingWeights weights, IEnumerable<(UnitScore Score, IReadOnlyList<RankingDetail> Details)> ranked, string by, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!weights.IsValid)
        {
            throw new ArgumentException("The weights must add up to 100.", nameof(weights));
        }

        var publication = new RankingPublication
        {
            PlanId = planId,
            Period = period,
            PublishedBy = by,
            PublishedAtUtc = nowUtc,
            WeightOnTimeReporting = weights.OnTimeReporting,
            WeightTrajectory = weights.Trajectory,
            WeightOverdue = weights.Overdue,
            WeightNoticeResponse = weights.NoticeResponse,
            WeightMeetingItems = weights.MeetingItems,
        };
        foreach (var (score, details) in ranked)
        {
            publication._rows.Add(new RankingPublicationRow(score, details));
        }

        return publication;
    }
}

/// <summary>One unit's line of a published month. Not an audited entity: it is written once with its publication and never changed.</summary>
public sealed class RankingPublicationRow
{
    private readonly List<RankingPublicationComponent> _components = [];
    private readonly List<RankingPublicationDetail> _details = [];

    private RankingPublicationRow()
    {
        UnitName = string.Empty;
    }

    internal RankingPublicationRow(UnitScore score, IReadOnlyList<RankingDetail> details)
    {
        UnitId = score.UnitId;
        UnitName = score.UnitName;
        PeerGroup = score.PeerGroup;
        Rank = score.Rank;
        Change = score.Change;
        Score = score.Score;
        _components.AddRange(score.Components.Select(c => new RankingPublicationComponent(c)));
        _details.AddRange(details.Select(d => new RankingPublicationDetail(d)));
    }

    public int Id { get; private set; }

    public int PublicationId { get; private set; }

    public int UnitId { get; private set; }

    public string UnitName { get; private set; }

    public UnitKind PeerGroup { get; private set; }

    public int Rank { get; private set; }

    public int? Change { get; private set; }

    public decimal Score { get; private set; }

    public IReadOnlyList<RankingPublicationComponent> Components => _components;

    public IReadOnlyList<RankingPublicationDetail> Details => _details;
}

/// <summary>A component of a published row as it was reached: ratio, mark, points and the explanation in words.</summary>
public sealed class RankingPublicationComponent
{
    private RankingPublicationComponent()
    {
        Explanation = string.Empty;
    }

    internal RankingPublicationComponent(ComponentScore score)
    {
        Component = score.Component;
        Weight = score.Weight;
        Good = score.Good;
        Counted = score.Counted;
        Mark = score.Mark;
        Points = score.Points;
        Explanation = score.Explanation;
    }

    public int Id { get; private set; }

    public int RowId { get; private set; }

    public RankingComponent Component { get; private set; }

    public int Weight { get; private set; }

    public int Good { get; private set; }

    public int Counted { get; private set; }

    public decimal Mark { get; private set; }

    public decimal Points { get; private set; }

    public string Explanation { get; private set; }
}

/// <summary>One thing a published row was counted on, as it read when published.</summary>
public sealed class RankingPublicationDetail
{
    private RankingPublicationDetail()
    {
        Label = string.Empty;
        Note = string.Empty;
    }

    internal RankingPublicationDetail(RankingDetail detail)
    {
        Component = detail.Component;
        Subject = detail.Subject;
        LinkId = detail.LinkId;
        Label = detail.Label;
        Note = detail.Note;
        Outcome = detail.Outcome;
    }

    public int Id { get; private set; }

    public int RowId { get; private set; }

    public RankingComponent Component { get; private set; }

    public RankingSubject Subject { get; private set; }

    public int LinkId { get; private set; }

    public string Label { get; private set; }

    public string Note { get; private set; }

    public RankingOutcome Outcome { get; private set; }

    public RankingDetail ToDetail() => new(Component, Subject, LinkId, Label, Note, Outcome);
}

/// <summary>
/// 更正: a correction of one published row, shown beside the original, which stays as it was. Carries the corrected rank and
/// component points (the score is their sum), the reason, and who corrected when. A later amendment supersedes an earlier one.
/// </summary>
public sealed class RankingAmendment : Entity
{
    private RankingAmendment()
    {
        Reason = string.Empty;
        AmendedBy = string.Empty;
    }

    public int RowId { get; private set; }

    public string Reason { get; private set; }

    public int Rank { get; private set; }

    public decimal OnTimeReporting { get; private set; }

    public decimal Trajectory { get; private set; }

    public decimal Overdue { get; private set; }

    public decimal NoticeResponse { get; private set; }

    public decimal MeetingItems { get; private set; }

    public decimal Score { get; private set; }

    public string AmendedBy { get; private set; }

    public DateTime AmendedAtUtc { get; private set; }

    public IReadOnlyList<decimal> Points => [OnTimeReporting, Trajectory, Overdue, NoticeResponse, MeetingItems];

    /// <summary>Why corrected points cannot stand: null when each is between 0 and its weight with at most two decimals.</summary>
    public static int? InvalidComponent(RankingWeights weights, IReadOnlyList<decimal> points)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(points);
        var limits = weights.All.Select(w => w.Weight).ToList();
        for (var i = 0; i < limits.Count; i++)
        {
            if (i >= points.Count || points[i] < 0 || points[i] > limits[i] || decimal.Round(points[i], 2) != points[i])
            {
                return i;
            }
        }

        return null;
    }

    public static RankingAmendment Create(
        int rowId, RankingWeights weights, int rank, IReadOnlyList<decimal> points, string reason, string by, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (InvalidComponent(weights, points) is { } bad)
        {
            throw new ArgumentException($"Component {bad} is out of range.", nameof(points));
        }

        return new RankingAmendment
        {
            RowId = rowId,
            Reason = reason.Trim(),
            Rank = rank,
            OnTimeReporting = points[0],
            Trajectory = points[1],
            Overdue = points[2],
            NoticeResponse = points[3],
            MeetingItems = points[4],
            Score = points.Take(5).Sum(),
            AmendedBy = by,
            AmendedAtUtc = nowUtc,
        };
    }
}

/// <summary>The weights a plan's ranking uses (权重设置); a plan without a row uses <see cref="RankingWeights.Default"/>.</summary>
public sealed class PlanRankingWeights : Entity
{
    private PlanRankingWeights()
    {
    }

    public PlanRankingWeights(int planId, RankingWeights weights)
    {
        PlanId = planId;
        Set(weights);
    }

    public int PlanId { get; private set; }

    public int OnTimeReporting { get; private set; }

    public int Trajectory { get; private set; }

    public int Overdue { get; private set; }

    public int NoticeResponse { get; private set; }

    public int MeetingItems { get; private set; }

    public RankingWeights Weights => new(OnTimeReporting, Trajectory, Overdue, NoticeResponse, MeetingItems);

    public void Set(RankingWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!weights.IsValid)
        {
            throw new ArgumentException("The weights must be non-negative and add up to 100.", nameof(weights));
        }

        OnTimeReporting = weights.OnTimeReporting;
        Trajectory = weights.Trajectory;
        Overdue = weights.Overdue;
        NoticeResponse = weights.NoticeResponse;
        MeetingItems = weights.MeetingItems;
    }
}
