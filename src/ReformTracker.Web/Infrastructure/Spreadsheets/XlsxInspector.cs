using System.IO.Compression;
using System.Text;
using System.Xml;

namespace ReformTracker.Web.Infrastructure.Spreadsheets;

public enum XlsxProblemKind
{
    Empty,
    NotXlsx,

    /// <summary>An OLE2 compound file holding an EncryptedPackage: a password-protected workbook.</summary>
    Encrypted,

    /// <summary>An OLE2 compound file without encryption: the old binary .xls format.</summary>
    LegacyXls,
    TooManyEntries,
    TooLargeUncompressed,
    NoSheet,
    FirstSheetHidden,
    Formula,
    MergedCells,
    HiddenRow,
    HiddenColumn,
    TooManyRows,
    TooManyColumns,
    Unreadable,
}

/// <summary>Why a workbook is refused; <paramref name="Detail"/> names the cell, range or row when there is one.</summary>
public sealed record XlsxProblem(XlsxProblemKind Kind, string? Detail = null);

/// <summary>Limits for <see cref="XlsxInspector"/>.</summary>
public sealed record XlsxLimits(int MaxDataRows, int MaxColumns, long MaxUncompressedBytes = 50L * 1024 * 1024, int MaxEntries = 1000);

/// <summary>What the inspector learned about a workbook it accepts.</summary>
public sealed record XlsxInspection(XlsxProblem? Problem, string? FirstSheetName = null, int LastRow = 0)
{
    public bool Accepted => Problem is null;
}

/// <summary>
/// Looks inside an uploaded .xlsx before any spreadsheet library reads it: the zip must be an Office Open XML workbook,
/// its entries must not inflate past a limit (a zip bomb is caught by counting the bytes really inflated, not the sizes
/// the directory claims), and the first worksheet must hold plain values: no formulas, no merged cells, no hidden
/// rows or columns (what is imported is exactly what the user sees), and no more rows and columns than allowed.
/// XML is read with DTDs prohibited. Nothing here throws for bad input: every refusal is an <see cref="XlsxProblem"/>.
/// </summary>
public static class XlsxInspector
{
    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole2Magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptedPackageName = Encoding.Unicode.GetBytes("EncryptedPackage");

    public static XlsxInspection Inspect(Stream content, XlsxLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.IsEmpty)
        {
            return Refuse(XlsxProblemKind.Empty);
        }

        if (bytes.StartsWith(Ole2Magic))
        {
            return Refuse(bytes.IndexOf(EncryptedPackageName) >= 0 ? XlsxProblemKind.Encrypted : XlsxProblemKind.LegacyXls);
        }

        if (!bytes.StartsWith(ZipMagic))
        {
            return Refuse(XlsxProblemKind.NotXlsx);
        }

        buffer.Position = 0;
        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            return InspectZip(zip, limits);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            return Refuse(XlsxProblemKind.Unreadable);
        }
    }

    private static XlsxInspection InspectZip(ZipArchive zip, XlsxLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
        {
            return Refuse(XlsxProblemKind.TooManyEntries);
        }

        if (zip.Entries.Sum(e => e.Length) > limits.MaxUncompressedBytes)
        {
            return Refuse(XlsxProblemKind.TooLargeUncompressed);
        }

        // The directory's sizes may lie: inflate every entry once, counting, and stop at the limit.
        long inflated = 0;
        var chunk = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                inflated += read;
                if (inflated > limits.MaxUncompressedBytes)
                {
                    return Refuse(XlsxProblemKind.TooLargeUncompressed);
                }
            }
        }

        if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("xl/workbook.xml") is not { } workbookEntry)
        {
            return Refuse(XlsxProblemKind.NotXlsx);
        }

        var (sheetName, relationshipId, hidden) = FirstSheet(workbookEntry);
        if (sheetName is null || relationshipId is null)
        {
            return Refuse(XlsxProblemKind.NoSheet);
        }

        if (hidden)
        {
            return Refuse(XlsxProblemKind.FirstSheetHidden, sheetName);
        }

        var target = SheetTarget(zip, relationshipId);
        if (target is null || zip.GetEntry(target) is not { } sheetEntry)
        {
            return Refuse(XlsxProblemKind.NoSheet);
        }

        return InspectSheet(sheetEntry, sheetName, limits);
    }

    private static (string? Name, string? RelationshipId, bool Hidden) FirstSheet(ZipArchiveEntry workbook)
    {
        using var reader = XmlReader.Create(workbook.Open(), Settings());
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.NamespaceURI == MainNamespace)
            {
                var state = reader.GetAttribute("state");
                return (reader.GetAttribute("name"), reader.GetAttribute("id", RelationshipNamespace), state is "hidden" or "veryHidden");
            }
        }

        return (null, null, false);
    }

    private static string? SheetTarget(ZipArchive zip, string relationshipId)
    {
        if (zip.GetEntry("xl/_rels/workbook.xml.rels") is not { } rels)
        {
            return null;
        }

        using var reader = XmlReader.Create(rels.Open(), Settings());
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("Id") == relationshipId)
            {
                var target = reader.GetAttribute("Target")?.Replace('\\', '/');
                if (string.IsNullOrEmpty(target))
                {
                    return null;
                }

                return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
            }
        }

        return null;
    }

    private static XlsxInspection InspectSheet(ZipArchiveEntry sheet, string sheetName, XlsxLimits limits)
    {
        using var reader = XmlReader.Create(sheet.Open(), Settings());
        var lastRowWithValue = 0;
        string? currentCell = null;
        var currentRow = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != MainNamespace)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "dimension":
                    if (reader.GetAttribute("ref") is { } dimension && TooBig(dimension, limits, out var dimensionProblem))
                    {
                        return Refuse(dimensionProblem, dimension);
                    }

                    break;
                case "col":
                    if (IsTrue(reader.GetAttribute("hidden")))
                    {
                        return Refuse(XlsxProblemKind.HiddenColumn, ColumnName(int.TryParse(reader.GetAttribute("min"), out var min) ? min : 1));
                    }

                    break;
                case "row":
                    currentRow = int.TryParse(reader.GetAttribute("r"), out var r) ? r : currentRow + 1;
                    if (IsTrue(reader.GetAttribute("hidden")))
                    {
                        return Refuse(XlsxProblemKind.HiddenRow, currentRow.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                case "c":
                    currentCell = reader.GetAttribute("r");
                    if (currentCell is not null && TooBig(currentCell, limits, out var cellProblem))
                    {
                        return Refuse(cellProblem, currentCell);
                    }

                    break;
                case "f":
                    return Refuse(XlsxProblemKind.Formula, currentCell);
                case "v" or "is":
                    lastRowWithValue = Math.Max(lastRowWithValue, currentRow);
                    if (lastRowWithValue - 1 > limits.MaxDataRows)
                    {
                        return Refuse(XlsxProblemKind.TooManyRows);
                    }

                    break;
                case "mergeCell":
                    return Refuse(XlsxProblemKind.MergedCells, reader.GetAttribute("ref"));
            }
        }

        return new XlsxInspection(null, sheetName, lastRowWithValue);
    }

    /// <summary>True when a reference ("B7" or "A1:XFD1048576") reaches past the allowed columns or rows.</summary>
    private static bool TooBig(string reference, XlsxLimits limits, out XlsxProblemKind problem)
    {
        problem = XlsxProblemKind.TooManyColumns;
        foreach (var part in reference.Split(':'))
        {
            var letters = part.TakeWhile(char.IsAsciiLetter).Count();
            var column = 0;
            foreach (var c in part[..letters].ToUpperInvariant())
            {
                column = (column * 26) + (c - 'A' + 1);
                if (column > limits.MaxColumns)
                {
                    problem = XlsxProblemKind.TooManyColumns;
                    return true;
                }
            }

            // Formatted but empty rows may follow the data; only values count against MaxDataRows, the rest gets slack.
            if (long.TryParse(part[letters..], out var row) && row > (limits.MaxDataRows * 2L) + 1000)
            {
                problem = XlsxProblemKind.TooManyRows;
                return true;
            }
        }

        return false;
    }

    public static string ColumnName(int index)
    {
        var name = string.Empty;
        while (index > 0)
        {
            var rest = (index - 1) % 26;
            name = (char)('A' + rest) + name;
            index = (index - 1) / 26;
        }

        return name;
    }

    private static bool IsTrue(string? value) => value is "1" or "true";

    private static XmlReaderSettings Settings() => new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };

    private static XlsxInspection Refuse(XlsxProblemKind kind, string? detail = null) => new(new XlsxProblem(kind, detail));
}
