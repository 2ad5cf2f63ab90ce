namespace ReformTracker.Web.Domain.Supervision;

/// <summary>One rule firing for one subject, with its light and the reason in plain Chinese.</summary>
public sealed record Finding(FlagRule Rule, string SubjectKey, Light Light, string Reason);

/// <summary>The judgement of one task on one day: its light, why, and (when it can be told) when it will finish.</summary>
public sealed record Judgement(int TaskId, Light Light, IReadOnlyList<Finding> Findings, DateOnly? PredictedFinish, int? ExpectedPercent)
{
    public string Summary => Findings.Count == 0 ? "进展正常" : string.Join("；", Findings.OrderByDescending(f => f.Light).Select(f => f.Reason));
}
