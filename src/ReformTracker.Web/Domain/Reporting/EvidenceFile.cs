using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Domain.Reporting;

/// <summary>An evidence file attached to a report, stored outside the web root under a random name.</summary>
public sealed class EvidenceFile : Entity
{
    public const int MaxFilesPerReport = 10;
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
    {
        ReportId = reportId;
        FileName = fileName;
        StoredName = storedName;
        ContentType = contentType;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        UploadedBy = uploadedBy;
    }

    public int ReportId { get; private set; }

    /// <summary>The user's file name, stripped of any path.</summary>
    public string FileName { get; private set; }

    /// <summary>Random name on disk (relative to the evidence folder); never derived from user input.</summary>
    public string StoredName { get; private set; }

    public string ContentType { get; private set; }

    public long SizeBytes { get; private set; }

    public string Sha256 { get; private set; }

    public string UploadedBy { get; private set; }
}
