using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Features.Notices;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>
/// An evidence file for whoever may see what it belongs to: a report's task, a notice (scoped like the notice itself),
/// or a close-out application's task.
/// </summary>
public static class DownloadEvidence
{
    public sealed record Model(string FileName, string ContentType, Stream? Content, string? ReportFormUrl);

    public sealed class Handler(AppDbContext db, CurrentUser user, EvidenceStore store, EvidenceReport.Handler reports, ILogger<Handler> logger)
    {
        /// <summary>Null when the file is unknown or out of scope; a model without content when it is missing on disk.</summary>
        public async Task<Model?> HandleAsync(int id, CancellationToken cancellationToken)
        {
            if (await FindAsync(id, cancellationToken) is not { } found)
            {
                return null;
            }

            var content = store.OpenRead(found.StoredName);
            if (content is null)
            {
                logger.LogError("Evidence file {Id} is missing on disk ({StoredName})", id, found.StoredName);
            }

            return new Model(found.FileName, found.ContentType, content, found.BackUrl);
        }

        /// <summary>Whether the file exists and its owner is within the user's scope.</summary>
        public async Task<bool> IsVisibleAsync(int id, CancellationToken cancellationToken) => await FindAsync(id, cancellationToken) is not null;

        private async Task<Found?> FindAsync(int id, CancellationToken cancellationToken)
        {
            var file = await db.EvidenceFiles.AsNoTracking()
                .Where(e => e.Id == id)
                .Select(e => new { e.ReportId, e.NoticeResponseId, e.CloseOutId, e.FileName, e.ContentType, e.StoredName })
                .SingleOrDefaultAsync(cancellationToken);
            if (file is null)
            {
                return null;
            }

            string? backUrl = null;
            if (file.ReportId is { } reportId)
            {
                if (await reports.FindAsync(reportId, cancellationToken) is not { } report)
                {
                    return null;
                }

                backUrl = report.FormUrl;
            }
            else if (file.NoticeResponseId is { } responseId)
            {
                var visible = db.Notices.VisibleTo(db, user);
                if (!await db.NoticeResponses.AnyAsync(r => r.Id == responseId && visible.Any(n => n.Id == r.NoticeId), cancellationToken))
                {
                    return null;
                }
            }
            else
            {
                var tasks = db.Tasks.VisibleTo(user);
                if (!await db.CloseOutApplications.AnyAsync(c => c.Id == file.CloseOutId && tasks.Any(t => t.Id == c.TaskId), cancellationToken))
                {
                    return null;
                }
            }

            return new Found(file.FileName, file.ContentType, file.StoredName, backUrl);
        }

        private sealed record Found(string FileName, string ContentType, string StoredName, string? BackUrl);
    }
}
