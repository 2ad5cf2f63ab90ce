using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Infrastructure;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>A report's evidence files, for the report form (rendered by _EvidenceList.cshtml).</summary>
public static class EvidenceList
{
    /// <param name="Editable">Whether the current user may add and remove files now (lead unit's reporter, draft or returned report).</param>
    public sealed record Model(int ReportId, bool Editable, IReadOnlyList<Row> Files)
    {
        public int MaxFiles => EvidenceFile.MaxFilesPerReport;

        public bool CanAddMore => Editable && Files.Count < MaxFiles;
    }

    public sealed record Row(int Id, string FileName, long SizeBytes, string UploadedBy, DateTime UploadedAtLocal)
    {
        public string Size => EvidenceFileRules.FormatSize(SizeBytes);
    }

    public sealed class Handler(AppDbContext db, EvidenceReport.Handler reports, DistrictClock clock)
    {
        /// <summary>Null when the report does not exist or is outside the user's scope.</summary>
        public async Task<Model?> HandleAsync(int reportId, CancellationToken cancellationToken)
        {
            var report = await reports.FindAsync(reportId, cancellationToken);
            if (report is null)
            {
                return null;
            }

            var files = await db.EvidenceFiles.AsNoTracking()
                .Where(e => e.ReportId == reportId)
                .OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.FileName, e.SizeBytes, e.UploadedBy, e.CreatedAtUtc })
                .ToListAsync(cancellationToken);
            return new Model(
                reportId,
                report.MayChangeEvidence,
                files.Select(f => new Row(f.Id, f.FileName, f.SizeBytes, f.UploadedBy, clock.ToLocal(f.CreatedAtUtc))).ToList());
        }
    }
}
