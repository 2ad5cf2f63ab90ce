using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>
/// Attaches uploaded files to a report, all or nothing: each file is streamed to a temporary file and checked
/// (<see cref="EvidenceIntake"/>), then the rows are saved in one transaction and the files moved to their
/// final names before it commits. Whatever fails, no file and no row is left behind.
/// </summary>
public static class UploadEvidence
{
    public sealed class Handler(
        AppDbContext db,
        CurrentUser user,
        EvidenceIntake.Handler intake,
        EvidenceReport.Handler reports,
        IStringLocalizer<SharedResource> l)
    {
        public async Task<EvidenceResult> HandleAsync(int reportId, IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(files);
            var report = await reports.FindAsync(reportId, cancellationToken);
            if (EvidenceReport.RefusalToChange(report, l) is { } refusal)
            {
                return refusal;
            }

            if (files.Count == 0)
            {
                return EvidenceResult.Invalid(report!, l["请选择要上传的文件"]);
            }

            var existing = await db.EvidenceFiles.CountAsync(e => e.ReportId == reportId, cancellationToken);
            if (existing + files.Count > EvidenceFile.MaxFilesPerReport)
            {
                return EvidenceResult.Invalid(report!, l["每份月报最多 {0} 个附件，已有 {1} 个", EvidenceFile.MaxFilesPerReport, existing]);
            }

            using var batch = await intake.StageAsync(files, cancellationToken);
            if (batch.Refusal is { } bad)
            {
                return bad.TooLarge ? EvidenceResult.TooLarge(report!, bad.Message) : EvidenceResult.Invalid(report!, bad.Message);
            }

            var rows = batch.RowsFor(EvidenceOwner.Report(report!.ReportId), user.UserName);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.EvidenceFiles.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            batch.MoveIntoPlace();
            await transaction.CommitAsync(cancellationToken);
            batch.Committed();
            return EvidenceResult.Ok(report, rows.Select(e => new UploadedFile(e.Id, e.FileName, e.SizeBytes)).ToList());
        }
    }
}
