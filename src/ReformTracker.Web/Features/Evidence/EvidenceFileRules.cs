using System.IO.Compression;
using System.Text;

namespace ReformTracker.Web.Features.Evidence;

/// <summary>The kinds of evidence accepted, recognised by their content rather than their name.</summary>
public enum EvidenceKind
{
    Unknown,
    Pdf,

    /// <summary>An OLE2 compound file: a .doc or an .xls (their headers are the same).</summary>
    LegacyOffice,
    Docx,
    Xlsx,
    Jpeg,
    Png,
}

/// <summary>What an evidence file may be called and what it must contain.</summary>
public static class EvidenceFileRules
{
    public const int MaxFileNameLength = 200;

    /// <summary>For the file picker's accept attribute.</summary>
    public const string AcceptAttribute = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png";

    /// <summary>How many zip entries are looked at before giving up on finding the Word or Excel part folder.</summary>
    private const int MaxZipEntriesInspected = 5000;

    private static readonly Dictionary<string, (EvidenceKind Kind, string ContentType)> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = (EvidenceKind.Pdf, "application/pdf"),
        [".doc"] = (EvidenceKind.LegacyOffice, "application/msword"),
        [".xls"] = (EvidenceKind.LegacyOffice, "application/vnd.ms-excel"),
        [".docx"] = (EvidenceKind.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".xlsx"] = (EvidenceKind.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".jpg"] = (EvidenceKind.Jpeg, "image/jpeg"),
        [".jpeg"] = (EvidenceKind.Jpeg, "image/jpeg"),
        [".png"] = (EvidenceKind.Png, "image/png"),
    };

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] Ole2Magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The user's file name reduced to its last path segment, without control or text-direction characters
    /// (which could disguise "gpj.exe" as "exe.jpg"); null when nothing is left.
    /// </summary>
    public static string? CleanFileName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var lastSegment = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var cleaned = new StringBuilder(lastSegment.Length);
        foreach (var c in lastSegment)
        {
            if (!char.IsControl(c) && !IsDirectionMark(c))
            {
                cleaned.Append(c);
            }
        }

        var result = cleaned.ToString().Trim();
        return result.Length == 0 || result is "." or ".." ? null : result;
    }

    /// <summary>The kind and content type an extension promises, or null for extensions not accepted.</summary>
    public static (EvidenceKind Kind, string ContentType)? ForFileName(string fileName) =>
        Extensions.TryGetValue(Path.GetExtension(fileName), out var expected) ? expected : null;

    /// <summary>Recognises a file by its first bytes (and, for zip files, by the folders inside).</summary>
    public static EvidenceKind Detect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> header = stackalloc byte[8];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        header = header[..read];
        if (header.StartsWith(PdfMagic))
        {
            return EvidenceKind.Pdf;
        }

        if (header.StartsWith(Ole2Magic))
        {
            return EvidenceKind.LegacyOffice;
        }

        if (header.StartsWith(JpegMagic))
        {
            return EvidenceKind.Jpeg;
        }

        if (header.StartsWith(PngMagic))
        {
            return EvidenceKind.Png;
        }

        if (header.StartsWith(ZipMagic))
        {
            stream.Position = 0;
            return DetectOfficeZip(stream);
        }

        return EvidenceKind.Unknown;
    }

    /// <summary>Reads only the zip's directory (never inflates an entry): Word keeps its parts under word/, Excel under xl/.</summary>
    private static EvidenceKind DetectOfficeZip(Stream stream)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var word = false;
            var excel = false;
            foreach (var entry in zip.Entries.Take(MaxZipEntriesInspected))
            {
                word |= entry.FullName.StartsWith("word/", StringComparison.OrdinalIgnoreCase);
                excel |= entry.FullName.StartsWith("xl/", StringComparison.OrdinalIgnoreCase);
            }

            return (word, excel) switch
            {
                (true, false) => EvidenceKind.Docx,
                (false, true) => EvidenceKind.Xlsx,
                _ => EvidenceKind.Unknown,
            };
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            // A damaged or fake zip is simply not an Office document.
            return EvidenceKind.Unknown;
        }
    }

    private static bool IsDirectionMark(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>"1.5 MB", "320 KB", "12 B" for the list.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:0.#} MB"),
        >= 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024d:0} KB"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
