using System.Text;
using MiniExcelLibs;

namespace ReformTracker.Web.Infrastructure.Spreadsheets;

/// <summary>One worksheet to write: its tab name, the header row and the data rows (one value per header).</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>
/// Writes .xlsx files for downloads (task lists, templates, later meeting tables and rankings) through MiniExcel.
/// Text is written as text, never as a formula: cells that a spreadsheet would take for one are escaped by <see cref="CellText"/>.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Write(params XlsxSheet[] sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Length == 0)
        {
            throw new ArgumentException("At least one sheet is needed.", nameof(sheets));
        }

        var workbook = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var sheet in sheets)
        {
            if (sheet.Headers.Distinct(StringComparer.Ordinal).Count() != sheet.Headers.Count)
            {
                throw new ArgumentException($"Sheet {sheet.Name} repeats a header.", nameof(sheets));
            }

            workbook.Add(sheet.Name, ToRows(sheet).ToList());
        }

        using var stream = new MemoryStream();
        stream.SaveAs(workbook, printHeader: true, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static IEnumerable<Dictionary<string, object?>> ToRows(XlsxSheet sheet)
    {
        var any = false;
        foreach (var values in sheet.Rows)
        {
            if (values.Count != sheet.Headers.Count)
            {
                throw new ArgumentException($"A row of sheet {sheet.Name} has {values.Count} values for {sheet.Headers.Count} headers.", nameof(sheet));
            }

            any = true;
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                row[sheet.Headers[i]] = Cell(values[i]);
            }

            yield return row;
        }

        if (!any)
        {
            // MiniExcel writes no header row for an empty list; one blank row keeps the headers (a template).
            yield return sheet.Headers.ToDictionary(h => h, _ => (object?)null, StringComparer.Ordinal);
        }
    }

    private static object? Cell(object? value) => value switch
    {
        null => null,
        string text => CellText.Escape(text),
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        DateTime or decimal or int or long or double => value,
        _ => CellText.Escape(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
    };
}

/// <summary>
/// Text that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe,
/// the usual guard against formula injection; <see cref="Unescape"/> takes it off again when such a file is imported.
/// Characters XML cannot carry are dropped.
/// </summary>
public static class CellText
{
    private const char Guard = '\'';

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = RemoveInvalidXml(text);
        return NeedsGuard(clean) ? Guard + clean : clean;
    }

    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length >= 2 && text[0] == Guard && (IsFormulaStart(text[1]) || text[1] == Guard) ? text[1..] : text;
    }

    private static bool NeedsGuard(string text) =>
        text.Length > 0 && (IsFormulaStart(text[0]) || (text[0] == Guard && text.Length > 1 && (IsFormulaStart(text[1]) || text[1] == Guard)));

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠';

    private static string RemoveInvalidXml(string text)
    {
        if (text.All(IsValidXmlChar))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsValidXmlChar(c) && !char.IsSurrogate(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsValidXmlChar(char c) => c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
}
