using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>
/// A correction of an accepted report. The accepted text is never overwritten: the amendment keeps both versions
/// and the reason, and readers see the corrected figures beside the original.
/// </summary>
public sealed class ReportAmendment : Entity
{
    private ReportAmendment()
    {
        Reason = string.Empty;
        OriginalAchievement = string.Empty;
        CorrectedAchievement = string.Empty;
        AmendedBy = string.Empty;
    }

    internal ReportAmendment(string reason, string originalAchievement, int originalPercent, string correctedAchievement, int correctedPercent, string amendedBy)
    {
        Reason = reason.Trim();
        OriginalAchievement = originalAchievement;
        OriginalPercent = originalPercent;
        CorrectedAchievement = correctedAchievement.Trim();
        CorrectedPercent = correctedPercent;
        AmendedBy = amendedBy;
    }

    public int ReportId { get; private set; }

    public string Reason { get; private set; }

    public string OriginalAchievement { get; private set; }

    public int OriginalPercent { get; private set; }

    public string CorrectedAchievement { get; private set; }

    public int CorrectedPercent { get; private set; }

    public string AmendedBy { get; private set; }
}
