using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>The report evidence hangs off, as the current user may see it: visible with its task, or not at all.</summary>
public static class EvidenceReport
{
    public sealed record Model(int ReportId, int TaskId, YearMonth Period, bool IsEditable, bool IsFiledByUser)
    {
        /// <summary>The report form; where uploads and deletions send the user back to (never the Referer).</summary>
        public string FormUrl => $"/tasks/{TaskId}/reports/{Period}";

        /// <summary>Evidence may be added or removed by the lead unit's reporters while the report is a draft or returned.</summary>
        public bool MayChangeEvidence => IsEditable && IsFiledByUser;
    }

    public sealed class Handler(AppDbContext db, CurrentUser user)
    {
        /// <summary>Null when the report does not exist or its task is outside the user's scope.</summary>
        public async Task<Model?> FindAsync(int reportId, CancellationToken cancellationToken)
        {
            var report = await (from r in db.Reports.AsNoTracking()
                                join t in db.Tasks.AsNoTracking().VisibleTo(user) on r.TaskId equals t.Id
                                where r.Id == reportId
                                select new { r.Id, r.TaskId, r.Period, r.Status })
                .SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                return null;
            }

            var filed = await db.Tasks.AsNoTracking().FiledBy(user).AnyAsync(t => t.Id == report.TaskId, cancellationToken);
            var editable = report.Status is Domain.Reporting.ReportStatus.Draft or Domain.Reporting.ReportStatus.Returned;
            return new Model(report.Id, report.TaskId, report.Period, editable, filed);
        }
    }

    /// <summary>Why the user may not add or remove evidence on this report, or null when they may.</summary>
    public static EvidenceResult? RefusalToChange(Model? report, IStringLocalizer<SharedResource> l)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (report is null)
        {
            return EvidenceResult.NotFound(l["月报不存在，或您无权查看"]);
        }

        if (!report.IsFiledByUser)
        {
            return EvidenceResult.Forbidden(report, l["只有牵头单位的填报员可以修改月报附件"]);
        }

        return report.IsEditable ? null : EvidenceResult.Forbidden(report, l["月报已提交或已通过，不能再修改附件"]);
    }
}

public enum EvidenceStatus
{
    Succeeded,
    NotFound,

    /// <summary>The report is visible, but this user may not change its evidence now.</summary>
    Forbidden,
    Invalid,
    TooLarge,
}

public sealed record UploadedFile(int Id, string Name, long Size);

/// <summary>The outcome of an upload or a deletion; refusals carry a Chinese message for the user.</summary>
public sealed record EvidenceResult(EvidenceStatus Status, string? Error, EvidenceReport.Model? Report, IReadOnlyList<UploadedFile> Files)
{
    public static EvidenceResult Ok(EvidenceReport.Model report, IReadOnlyList<UploadedFile> files) => new(EvidenceStatus.Succeeded, null, report, files);

    public static EvidenceResult NotFound(string error) => new(EvidenceStatus.NotFound, error, null, []);

    public static EvidenceResult Forbidden(EvidenceReport.Model report, string error) => new(EvidenceStatus.Forbidden, error, report, []);

    public static EvidenceResult Invalid(EvidenceReport.Model report, string error) => new(EvidenceStatus.Invalid, error, report, []);

    public static EvidenceResult TooLarge(EvidenceReport.Model report, string error) => new(EvidenceStatus.TooLarge, error, report, []);

    public bool Succeeded => Status == EvidenceStatus.Succeeded;
}
