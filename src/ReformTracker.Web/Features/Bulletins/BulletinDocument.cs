namespace ReformTracker.Web.Features.Bulletins;

/// <summary>
/// A bulletin as the page and the workbook render it: a draft (composed now, no number yet) or a published one (its snapshot,
/// number, issuing office and date).
/// </summary>
public sealed record BulletinDocument(
    BulletinContent Content,
    bool IsDraft,
    int? BulletinId,
    string? Number,
    string IssuingOffice,
    DateOnly IssuedOn,
    string? PublishedBy,
    DateTime? PublishedAtLocal)
{
    /// <summary>The default issuing office printed on a bulletin (发文单位); the publisher may change it.</summary>
    public const string DefaultIssuingOffice = "区全面深化改革领导小组办公室";

    public string QuarterText => Bulletins.QuarterText.Format(Content.Quarter);
}
