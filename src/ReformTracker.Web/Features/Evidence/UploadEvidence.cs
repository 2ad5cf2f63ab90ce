using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ReformTracker.Web.Data;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>
/// Attaches uploaded files to a report, all or nothing: each file is streamed to a temporary file and checked
/// (name, size, content against extension), then the rows are saved in one transaction and the files moved to their
/// final names before it commits. Whatever fails, no file and no row is left behind.
/// </summary>
public static class UploadEvidence
{
    public sealed class Handler(
        AppDbContext db,
        CurrentUser user,
        EvidenceStore store,
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

            var staged = new List<StagedFile>();
            var stored = new List<string>();
            var committed = false;
            try
            {
                var accepted = new List<EvidenceFile>();
                foreach (var file in files)
                {
                    var (entity, error) = await StageAsync(report!.ReportId, file, staged, cancellationToken);
                    if (error is not null)
                    {
                        return error.Value.TooLarge ? EvidenceResult.TooLarge(report, error.Value.Message) : EvidenceResult.Invalid(report, error.Value.Message);
                    }

                    accepted.Add(entity!);
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.EvidenceFiles.AddRange(accepted);
                await db.SaveChangesAsync(cancellationToken);
                for (var i = 0; i < accepted.Count; i++)
                {
                    store.Commit(staged[i], accepted[i].StoredName);
                    stored.Add(accepted[i].StoredName);
                }

                await transaction.CommitAsync(cancellationToken);
                committed = true;
                return EvidenceResult.Ok(report!, accepted.Select(e => new UploadedFile(e.Id, e.FileName, e.SizeBytes)).ToList());
            }
            finally
            {
                foreach (var file in staged)
                {
                    store.Discard(file);
                }

                if (!committed)
                {
                    foreach (var name in stored)
                    {
                        store.Delete(name);
                    }
                }
            }
        }

        private async Task<(EvidenceFile? Entity, (string Message, bool TooLarge)? Error)> StageAsync(
            int reportId, IFormFile file, List<StagedFile> staged, CancellationToken cancellationToken)
        {
            var name = EvidenceFileRules.CleanFileName(file.FileName);
            if (name is null)
            {
                return (null, (l["文件名不能为空"], false));
            }

            if (name.Length > EvidenceFileRules.MaxFileNameLength)
            {
                return (null, (l["文件名不能超过 {0} 个字符：{1}", EvidenceFileRules.MaxFileNameLength, Shorten(name)], false));
            }

            if (EvidenceFileRules.ForFileName(name) is not { } expected)
            {
                return (null, (l["“{0}”的类型不受支持，请上传 PDF、Word、Excel、JPG 或 PNG 文件", name], false));
            }

            if (file.Length > EvidenceFile.MaxBytes)
            {
                return (null, (l["“{0}”超过 20 MB，请压缩或拆分后上传", name], true));
            }

            await using var content = file.OpenReadStream();
            var copy = await store.StageAsync(content, cancellationToken);
            staged.Add(copy);
            if (copy.TooLarge)
            {
                return (null, (l["“{0}”超过 20 MB，请压缩或拆分后上传", name], true));
            }

            if (copy.Length == 0)
            {
                return (null, (l["“{0}”是空文件", name], false));
            }

            var detected = EvidenceFileRules.Detect(copy.TempPath);
            if (detected == EvidenceKind.Unknown)
            {
                return (null, (l["“{0}”的类型不受支持，请上传 PDF、Word、Excel、JPG 或 PNG 文件", name], false));
            }

            if (detected != expected.Kind)
            {
                return (null, (l["“{0}”：文件内容与扩展名不符", name], false));
            }

            return (new EvidenceFile(reportId, name, store.NewStoredName(), expected.ContentType, copy.Length, copy.Sha256, user.UserName), null);
        }

        private static string Shorten(string name) => name.Length <= 40 ? name : name[..37] + "…";
    }
}
