using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>An evidence file for whoever may see its report's task.</summary>
public static class DownloadEvidence
{
    public sealed record Model(string FileName, string ContentType, Stream? Content, string? ReportFormUrl);

    public sealed class Handler(AppDbContext db, EvidenceStore store, EvidenceReport.Handler reports, ILogger<Handler> logger)
    {
        /// <summary>Null when the file is unknown or out of scope; a model without content when it is missing on disk.</summary>
        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            var file = await db.EvidenceFiles.AsNoTracking()
                .Where(e => e.Id == id)
                .Select(e => new { e.ReportId, e.FileName, e.ContentType, e.StoredName })
                .SingleOrDefaultAsync(cancellationToken);
            if (file is null || await reports.FindAsync(file.ReportId, cancellationToken) is not { } report)
            {
                return null;
            }

            var content = store.OpenRead(file.StoredName);
            if (content is null)
            {
                logger.LogError("Evidence file {Id} is missing on disk ({StoredName})", id, file.StoredName);
            }

            return new Model(file.FileName, file.ContentType, content, report.FormUrl);
        }
    }
}
