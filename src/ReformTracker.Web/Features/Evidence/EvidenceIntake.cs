using Microsoft.Extensions.Localization;
using ReformTracker.Web.Domain.Reporting;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>
/// The intake checks every evidence owner shares (a monthly report, a notice response, a close-out application):
/// a safe file name, a type accepted by content and matching the extension, the size limit, and a SHA-256 while the
/// upload streams to a temporary file. <see cref="Batch"/> then moves the files into place inside the caller's
/// transaction and removes whatever is left when that transaction does not commit: no orphan file after a failure.
/// </summary>
public static class EvidenceIntake
{
    /// <summary>One checked upload waiting in the incoming area.</summary>
    public sealed record Accepted(string FileName, string ContentType, long Length, string Sha256, string StoredName, StagedFile Staged);

    /// <summary>The first refusal: a Chinese message for the file input; TooLarge tells an oversized file apart.</summary>
    public sealed record Refusal(string Message, bool TooLarge);

    /// <summary>
    /// The staged files of one upload. Dispose it in a finally: it discards the temporary files and, unless
    /// <see cref="Committed"/> was called, deletes the files already moved into place.
    /// </summary>
    public sealed class Batch(EvidenceStore store) : IDisposable
    {
        private readonly List<StagedFile> _staged = [];
        private readonly List<Accepted> _accepted = [];
        private readonly List<string> _moved = [];
        private bool _committed;

        public IReadOnlyList<Accepted> Files => _accepted;

        public Refusal? Refusal { get; internal set; }

        public bool Succeeded => Refusal is null;

        internal void Track(StagedFile staged) => _staged.Add(staged);

        internal void Accept(Accepted accepted) => _accepted.Add(accepted);

        /// <summary>The rows for the owner, to be saved by the caller.</summary>
        public IReadOnlyList<EvidenceFile> RowsFor(EvidenceOwner owner, string uploadedBy) =>
            _accepted.Select(a => new EvidenceFile(owner, a.FileName, a.StoredName, a.ContentType, a.Length, a.Sha256, uploadedBy)).ToList();

        /// <summary>Moves every file to its final name; call after the rows are saved and before the transaction commits.</summary>
        public void MoveIntoPlace()
        {
            foreach (var file in _accepted)
            {
                store.Commit(file.Staged, file.StoredName);
                _moved.Add(file.StoredName);
            }
        }

        /// <summary>The caller's transaction committed: the moved files stay.</summary>
        public void Committed() => _committed = true;

        public void Dispose()
        {
            foreach (var file in _staged)
            {
                store.Discard(file);
            }

            if (!_committed)
            {
                foreach (var name in _moved)
                {
                    store.Delete(name);
                }
            }
        }
    }

    public sealed class Handler(EvidenceStore store, IStringLocalizer<SharedResource> l)
    {
        /// <summary>Stages and checks every file; stops at the first refusal (the batch still needs disposing).</summary>
        public async Task<Batch> StageAsync(IReadOnlyList<IFormFile> files, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(files);
            var batch = new Batch(store);
            try
            {
                foreach (var file in files)
                {
                    var refusal = await StageOneAsync(file, batch, cancellationToken);
                    if (refusal is not null)
                    {
                        batch.Refusal = refusal;
                        break;
                    }
                }
            }
            catch
            {
                batch.Dispose();
                throw;
            }

            return batch;
        }

        private async Task<Refusal?> StageOneAsync(IFormFile file, Batch batch, CancellationToken cancellationToken)
        {
            var name = EvidenceFileRules.CleanFileName(file.FileName);
            if (name is null)
            {
                return new Refusal(l["文件名不能为空"], false);
            }

            if (name.Length > EvidenceFileRules.MaxFileNameLength)
            {
                return new Refusal(l["文件名不能超过 {0} 个字符：{1}", EvidenceFileRules.MaxFileNameLength, Shorten(name)], false);
            }

            if (EvidenceFileRules.ForFileName(name) is not { } expected)
            {
                return new Refusal(l["“{0}”的类型不受支持，请上传 PDF、Word、Excel、JPG 或 PNG 文件", name], false);
            }

            if (file.Length > EvidenceFile.MaxBytes)
            {
                return new Refusal(l["“{0}”超过 20 MB，请压缩或拆分后上传", name], true);
            }

            await using var content = file.OpenReadStream();
            var copy = await store.StageAsync(content, cancellationToken);
            batch.Track(copy);
            if (copy.TooLarge)
            {
                return new Refusal(l["“{0}”超过 20 MB，请压缩或拆分后上传", name], true);
            }

            if (copy.Length == 0)
            {
                return new Refusal(l["“{0}”是空文件", name], false);
            }

            var detected = EvidenceFileRules.Detect(copy.TempPath);
            if (detected == EvidenceKind.Unknown)
            {
                return new Refusal(l["“{0}”的类型不受支持，请上传 PDF、Word、Excel、JPG 或 PNG 文件", name], false);
            }

            if (detected != expected.Kind)
            {
                return new Refusal(l["“{0}”：文件内容与扩展名不符", name], false);
            }

            batch.Accept(new Accepted(name, expected.ContentType, copy.Length, copy.Sha256, store.NewStoredName(), copy));
            return null;
        }

        private static string Shorten(string name) => name.Length <= 40 ? name : name[..37] + "…";
    }
}
