using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>Removes an evidence file while its report can still be edited: the row first, then the file on disk.</summary>
public static class DeleteEvidence
{
    public sealed class Handler(
        AppDbContext db,
        EvidenceStore store,
        EvidenceReport.Handler reports,
        DownloadEvidence.Handler downloads,
        IStringLocalizer<SharedResource> l,
        ILogger<Handler> logger)
    {
        public async Task<EvidenceResult> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var file = await db.EvidenceFiles.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
            if (file is null)
            {
                return EvidenceResult.NotFound(l["附件不存在，或您无权查看"]);
            }

            if (file.ReportId is not { } reportId)
            {
                // Evidence of a notice response or a close-out application is part of a submitted record: never removed.
                return !await downloads.IsVisibleAsync(id, cancellationToken)
                    ? EvidenceResult.NotFound(l["附件不存在，或您无权查看"])
                    : new EvidenceResult(EvidenceStatus.Forbidden, l["已提交的反馈或销号申请的附件不能删除"], null, []);
            }

            var report = await reports.FindAsync(reportId, cancellationToken);
            if (EvidenceReport.RefusalToChange(report, l) is { } refusal)
            {
                return refusal.Status == EvidenceStatus.NotFound ? EvidenceResult.NotFound(l["附件不存在，或您无权查看"]) : refusal;
            }

            db.EvidenceFiles.Remove(file);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone removed it a moment earlier (a double click): the file is gone either way.
                return EvidenceResult.Ok(report!, []);
            }

            if (!store.Delete(file.StoredName))
            {
                logger.LogWarning("Evidence file {StoredName} of deleted evidence {Id} could not be removed from disk", file.StoredName, file.Id);
            }

            return EvidenceResult.Ok(report!, [new UploadedFile(file.Id, file.FileName, file.SizeBytes)]);
        }
    }
}
