using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using MiniExcelLibs;

namespace ReformTracker.IntegrationTests.Support;

/// <summary>Builds .xlsx files in code (MiniExcel for the values, System.IO.Compression for what MiniExcel never writes) and uploads them.</summary>
public static class Workbooks
{
    public static readonly string[] Headers =
    [
        "任务编号", "任务名称", "改革内容", "目标", "工作标准", "所属领域", "责任专项办", "牵头单位", "配合单位", "领办领导",
        "开始日期", "完成时限", "优先级", "重点项目", "计划总投资（万元）", "年度计划投资（万元）", "建设状态",
    ];

    /// <summary>A sheet with the given rows, each a map from header to value; headers default to the template's.</summary>
    public static byte[] Sheet(IEnumerable<IDictionary<string, object?>> rows, IReadOnlyList<string>? headers = null)
    {
        headers ??= Headers;
        var table = rows.Select(r => headers.ToDictionary(h => h, h => r.TryGetValue(h, out var v) ? v : null)).ToList();
        if (table.Count == 0)
        {
            table.Add(headers.ToDictionary(h => h, _ => (object?)null));
        }

        using var stream = new MemoryStream();
        stream.SaveAs(table, printHeader: true);
        return stream.ToArray();
    }

    /// <summary>Rewrites one entry's text (the first sheet by default).</summary>
    public static byte[] Patch(byte[] xlsx, Func<string, string> change, string entry = "xl/worksheets/sheet1.xml") =>
        Rebuild(xlsx, (name, text) => name == entry ? change(text) : text);

    /// <summary>Copies every entry, letting <paramref name="change"/> rewrite each text, then adds <paramref name="extra"/> entries.</summary>
    public static byte[] Rebuild(byte[] xlsx, Func<string, string, string> change, params (string Name, byte[] Content)[] extra)
    {
        using var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var target = new MemoryStream();
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                string text;
                using (var reader = new StreamReader(entry.Open(), Encoding.UTF8))
                {
                    text = reader.ReadToEnd();
                }

                using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open(), new UTF8Encoding(false));
                writer.Write(change(entry.FullName, text));
            }

            foreach (var (name, content) in extra)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return target.ToArray();
    }

    public static string EntryText(byte[] xlsx, string entry = "xl/worksheets/sheet1.xml")
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The rows of the first sheet as header → value maps, read back with MiniExcel.</summary>
    public static List<IDictionary<string, object?>> Read(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, int planId, byte[] content, string fileName = "任务清单.xlsx", string? pageForToken = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = (await client.GetPageAsync(pageForToken ?? "/tasks")).AntiforgeryToken()!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(part, "file", fileName);
        return await client.PostAsync(new Uri($"/plans/{planId}/import", UriKind.Relative), form);
    }

    /// <summary>Uploads, expects the preview, and confirms it.</summary>
    public static async Task<(IHtmlDocument Preview, HttpResponseMessage Confirmed)> ImportAsync(this HttpClient client, int planId, byte[] content)
    {
        using var uploaded = await client.UploadAsync(planId, content);
        var page = await uploaded.ReadPageAsync();
        Assert.True(uploaded.StatusCode == HttpStatusCode.OK && page.QuerySelector("[data-testid=preview]") is not null,
            $"No preview: {(int)uploaded.StatusCode} {page.QuerySelector("[data-testid=import-refused]")?.TextContent} "
            + string.Join(" / ", page.QuerySelectorAll("[data-testid=row-errors] tbody tr").Select(r => r.TextContent.Trim())));
        var form = (IHtmlFormElement)page.QuerySelector("form[data-testid=confirm-form]")!;
        var confirmed = await client.PostAsync(form.GetAttribute("action")!, Html.FormFields(form));
        return (page, confirmed);
    }

    public static async Task<byte[]> ExportAsync(this HttpClient client, string query)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri("/tasks/export" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
