using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>What an evidence file belongs to: exactly one monthly report, notice response or close-out application.</summary>
public enum EvidenceOwnerKind
{
    Report = 1,
    NoticeResponse = 2,
    CloseOut = 3,
}

/// <summary>The one record an evidence file hangs off.</summary>
public readonly record struct EvidenceOwner(EvidenceOwnerKind Kind, int Id)
{
    public static EvidenceOwner Report(int reportId) => new(EvidenceOwnerKind.Report, reportId);

    public static EvidenceOwner NoticeResponse(int responseId) => new(EvidenceOwnerKind.NoticeResponse, responseId);

    public static EvidenceOwner CloseOut(int applicationId) => new(EvidenceOwnerKind.CloseOut, applicationId);
}

/// <summary>
/// An evidence file attached to a monthly report, a notice response or a close-out application (exactly one of them),
/// stored outside the web root under a random name.
/// </summary>
public sealed class EvidenceFile : Entity
{
    public const int MaxFilesPerReport = 10;

    /// <summary>The same limit for every owner: a report, a notice response, a close-out application.</summary>
    public const int MaxFilesPerOwner = MaxFilesPerReport;
    public const long MaxBytes = 20L * 1024 * 1024;

    private EvidenceFile()
    {
        FileName = string.Empty;
        StoredName = string.Empty;
        ContentType = string.Empty;
        Sha256 = string.Empty;
        UploadedBy = string.Empty;
    }

    public EvidenceFile(int reportId, string fileName, string storedName, string contentType, long sizeBytes, string sha256, string uploadedBy)
        : this(EvidenceOwner.Report(reportId), fileName, storedName, contentType, sizeBytes, sha256, uploadedBy)
    {
    }

    public EvidenceFile(EvidenceOwner owner, string fileName, string storedName, string contentType, long sizeBytes, string sha256, string uploadedBy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(owner.Id, 1);
        switch (owner.Kind)
        {
            case EvidenceOwnerKind.Report:
                ReportId = owner.Id;
                break;
            case EvidenceOwnerKind.NoticeResponse:
                NoticeResponseId = owner.Id;
                break;
            case EvidenceOwnerKind.CloseOut:
                CloseOutId = owner.Id;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(owner));
        }

        FileName = fileName;
        StoredName = storedName;
        ContentType = contentType;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        UploadedBy = uploadedBy;
    }

    public int? ReportId { get; private set; }

    public int? NoticeResponseId { get; private set; }

    public int? CloseOutId { get; private set; }

    public EvidenceOwner Owner => ReportId is { } report ? EvidenceOwner.Report(report)
        : NoticeResponseId is { } response ? EvidenceOwner.NoticeResponse(response)
        : EvidenceOwner.CloseOut(CloseOutId ?? 0);

    /// <summary>The user's file name, stripped of any path.</summary>
    public string FileName { get; private set; }

    /// <summary>Random name on disk (relative to the evidence folder); never derived from user input.</summary>
    public string StoredName { get; private set; }

    public string ContentType { get; private set; }

    public long SizeBytes { get; private set; }

    public string Sha256 { get; private set; }

    public string UploadedBy { get; private set; }
}
