using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Domain.Reporting;

namespace ReformTracker.Web.Features.Evidence;

public sealed class EvidenceOptions
{
    public const string SectionName = "Evidence";

    /// <summary>Where evidence files live; relative paths are taken from the content root, never the web root.</summary>
    public string Folder { get; set; } = "App_Data/evidence";
}

/// <summary>A file written to the evidence folder's incoming area, not yet attached to anything.</summary>
public sealed record StagedFile(string TempPath, long Length, string Sha256, bool TooLarge);

/// <summary>
/// Evidence files on disk: outside the web root, under random names (yyyy/MM/guid.bin) that never come from user input.
/// Uploads are first streamed to a temporary file (hashed and counted on the way) and moved to their final name
/// only once their database row is saved.
/// </summary>
public sealed class EvidenceStore
{
    private const string IncomingFolder = "_incoming";
    private readonly TimeProvider _clock;

    public EvidenceStore(IOptions<EvidenceOptions> options, IWebHostEnvironment environment, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _clock = clock;
        var folder = string.IsNullOrWhiteSpace(options.Value.Folder) ? new EvidenceOptions().Folder : options.Value.Folder;
        Root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, folder));
        if (!string.IsNullOrEmpty(environment.WebRootPath)
            && (IsInside(Path.GetFullPath(environment.WebRootPath), Root) || SamePath(environment.WebRootPath, Root)))
        {
            throw new InvalidOperationException($"Evidence:Folder must not lie inside the web root ({Root}).");
        }
    }

    /// <summary>The absolute evidence folder.</summary>
    public string Root { get; }

    /// <summary>Copies the upload to a temporary file while hashing and counting; stops one byte past the size limit.</summary>
    public async Task<StagedFile> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var incoming = Path.Combine(Root, IncomingFolder);
        Directory.CreateDirectory(incoming);
        var tempPath = Path.Combine(incoming, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            var tooLarge = false;
            await using (var target = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > EvidenceFile.MaxBytes)
                    {
                        tooLarge = true;
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            return new StagedFile(tempPath, length, Convert.ToHexStringLower(hash.GetHashAndReset()), tooLarge);
        }
        catch
        {
            DeleteQuietly(tempPath);
            throw;
        }
    }

    /// <summary>A fresh random name under this month's folder, relative to <see cref="Root"/>.</summary>
    public string NewStoredName()
    {
        var now = _clock.GetUtcNow();
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}.bin");
    }

    /// <summary>Moves a staged file to its final name.</summary>
    public void Commit(StagedFile staged, string storedName)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var target = PathOf(storedName);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged.TempPath, target, overwrite: false);
    }

    /// <summary>Opens a stored file for reading, or null when it is missing on disk.</summary>
    public FileStream? OpenRead(string storedName)
    {
        try
        {
            return new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes a stored file; false when it could not be removed (it is then an orphan to clean up by hand).</summary>
    public bool Delete(string storedName) => DeleteQuietly(PathOf(storedName));

    public void Discard(StagedFile staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        DeleteQuietly(staged.TempPath);
    }

    /// <summary>The absolute path of a stored name; refuses anything that would land outside the evidence folder.</summary>
    public string PathOf(string storedName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storedName);
        var full = Path.GetFullPath(Path.Combine(Root, storedName));
        return IsInside(Root, full) ? full : throw new InvalidOperationException("A stored evidence name points outside the evidence folder.");
    }

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool IsInside(string folder, string path) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, PathComparison);

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(b), PathComparison);

    private static bool DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

public static class EvidenceServiceCollectionExtensions
{
    public static IServiceCollection AddEvidenceStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EvidenceOptions>(configuration.GetSection(EvidenceOptions.SectionName));
        services.AddSingleton<EvidenceStore>();
        return services;
    }
}
