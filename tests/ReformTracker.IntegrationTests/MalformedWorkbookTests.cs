using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;

namespace ReformTracker.IntegrationTests;

/// <summary>
/// A corpus of broken and hostile workbooks, built in code: each is refused with its own Chinese message (never a 500),
/// no preview is offered, and no task or audit record appears.
/// </summary>
public sealed partial class MalformedWorkbookTests(TestApp app) : IClassFixture<TestApp>
{
    private sealed record Case(string Name, byte[]? Content, string Expected, string FileName = "任务清单.xlsx", HttpStatusCode Status = HttpStatusCode.OK);

    [Fact]
    public async Task Every_malformed_workbook_is_refused_with_its_message_and_nothing_is_imported()
    {
        using var admin = app.CreateClientFor("admin");
        var planId = await app.WithDbAsync(db => db.Plans.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var valid = await ValidSheetAsync(planId, rows: 3);
        var cases = Corpus(valid).ToList();
        Assert.True(cases.Count >= 20, "The corpus shrank.");
        var before = await CountsAsync();
        var failures = new List<string>();

        // The valid base really is importable (otherwise every refusal below could be for the wrong reason).
        using (var good = await admin.UploadAsync(planId, valid))
        {
            Assert.NotNull((await good.ReadPageAsync()).QuerySelector("[data-testid=preview]"));
        }

        foreach (var c in cases)
        {
            using var response = c.Content is null ? await PostWithoutFileAsync(admin, planId) : await admin.UploadAsync(planId, c.Content, c.FileName);
            var page = await response.ReadPageAsync();
            var refusal = page.QuerySelector("[data-testid=import-refused]")?.TextContent ?? "(no refusal shown)";
            if (response.StatusCode != c.Status || !refusal.Contains(c.Expected, StringComparison.Ordinal) || page.QuerySelector("[data-testid=preview]") is not null)
            {
                failures.Add($"{c.Name}: {(int)response.StatusCode}, “{refusal}” (expected {(int)c.Status} “{c.Expected}”)");
            }

            if (await CountsAsync() != before)
            {
                failures.Add($"{c.Name}: the database changed");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static IEnumerable<Case> Corpus(byte[] valid)
    {
        const string NotXlsx = "这不是有效的 Excel（.xlsx）文件";
        const string Unreadable = "无法读取该工作簿";
        yield return new("empty file", [], "文件是空的");
        yield return new("text renamed to .xlsx", Encoding.UTF8.GetBytes("任务编号,任务名称\nA-1,测试"), NotXlsx);
        yield return new("random bytes", Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 251)).ToArray(), NotXlsx);
        yield return new("a zip of a text file", Zip(("readme.txt", "hello"u8.ToArray())), NotXlsx);
        yield return new("a zip with content types only", Zip(("[Content_Types].xml", "<Types/>"u8.ToArray())), NotXlsx);
        yield return new("truncated workbook", valid[..(valid.Length / 2)], Unreadable);
        yield return new("password-protected (encrypted OLE2)", Ole2(encrypted: true), "工作簿设有打开密码");
        yield return new("old .xls", Ole2(encrypted: false), "旧版 .xls 格式");
        yield return new("wrong extension", valid, "请上传 .xlsx 格式", FileName: "任务清单.xls");
        yield return new("no file", null, "请选择要导入的 Excel 文件");
        yield return new("English headers", Workbooks.Sheet([new Dictionary<string, object?> { ["Code"] = "A-1", ["Title"] = "x" }], ["Code", "Title"]), "表头与模板不符");
        yield return new("a required header missing", Workbooks.Sheet([], Workbooks.Headers.Where(h => h != "完成时限").ToList()), "缺少列 「完成时限」");
        yield return new("a header twice (by alias)", Workbooks.Sheet([], [.. Workbooks.Headers, "标准/成果形式"]), "重复的列");
        yield return new("an unknown header", Workbooks.Sheet([], [.. Workbooks.Headers, "备注"]), "无法识别的列");
        yield return new("headers only", Workbooks.Sheet([]), "表格中没有任务");
        yield return new("a formula", Workbooks.Patch(valid, xml => CellB3().Replace(xml, "$1<x:f>1+1</x:f>", 1)), "单元格 B3 含有公式");
        yield return new("merged cells", Workbooks.Patch(valid, xml => xml.Replace("</x:sheetData>", "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A2:A3\"/></x:mergeCells>", StringComparison.Ordinal)), "A2:A3 是合并单元格");
        yield return new("hidden first sheet", Workbooks.Patch(valid, xml => xml.Replace("state=\"visible\"", "state=\"hidden\"", StringComparison.Ordinal), "xl/workbook.xml"), "被隐藏");
        yield return new("hidden row", Workbooks.Patch(valid, xml => xml.Replace("<x:row r=\"3\"", "<x:row r=\"3\" hidden=\"1\"", StringComparison.Ordinal)), "第 3 行被隐藏");
        yield return new("hidden column", Workbooks.Patch(valid, xml => xml.Replace("<x:sheetData>", "<x:cols><x:col min=\"2\" max=\"2\" hidden=\"1\"/></x:cols><x:sheetData>", StringComparison.Ordinal)), "第 B 列被隐藏");
        yield return new("forged dimension", Workbooks.Patch(valid, xml => Dimension().Replace(xml, "<x:dimension ref=\"A1:XFD1048576\"")), "超过 60 列");
        yield return new("a cell far to the right", Workbooks.Patch(valid, xml => xml.Replace("r=\"B3\"", "r=\"ZZ3\"", StringComparison.Ordinal)), "超过 60 列");
        yield return new("a DTD with an external entity", Workbooks.Patch(valid, xml => xml.Replace("?>", "?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", StringComparison.Ordinal)), Unreadable);
        yield return new("no workbook relationships", Workbooks.Rebuild(valid, (_, text) => text).Let(b => Without(b, "xl/_rels/workbook.xml.rels")), "工作簿中没有工作表");
        yield return new("zip bomb (60 MB of zeros)", Workbooks.Rebuild(valid, (_, text) => text, ("xl/media/zeros.bin", new byte[60 * 1024 * 1024])), "解压后过大");
        yield return new("too many zip entries", Workbooks.Rebuild(valid, (_, text) => text, [.. Enumerable.Range(0, 1001).Select(i => ($"xl/media/{i}.bin", new byte[] { 1 }))]), "解压后过大");
        yield return new("5 MB and one byte", Padded(valid, (5 * 1024 * 1024) + 1), "文件超过 5 MB");
        yield return new("far over the request limit", Padded(valid, 7 * 1024 * 1024), "文件超过 5 MB", Status: HttpStatusCode.RequestEntityTooLarge);
        yield return new("more than 5,000 rows", ManyRows(5001), "任务行超过 5000 行");
    }

    private static byte[] ManyRows(int count) =>
        Workbooks.Sheet(Enumerable.Range(1, count).Select(i => (IDictionary<string, object?>)new Dictionary<string, object?> { ["任务编号"] = $"R-{i}", ["任务名称"] = "行" }));

    /// <summary>A workbook made larger by a stored (uncompressed) media entry of random bytes.</summary>
    private static byte[] Padded(byte[] valid, int size)
    {
        var noise = new byte[size];
        new Random(7).NextBytes(noise);
        using var target = new MemoryStream();
        target.Write(valid);
        using (var zip = new ZipArchive(target, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("xl/media/noise.bin", CompressionLevel.NoCompression).Open();
            stream.Write(noise);
        }

        var bytes = target.ToArray();
        return bytes.Length >= size ? bytes : throw new InvalidOperationException("Padding failed.");
    }

    private static byte[] Without(byte[] xlsx, string entry)
    {
        using var target = new MemoryStream();
        target.Write(xlsx);
        using (var zip = new ZipArchive(target, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(entry)!.Delete();
        }

        return target.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var target = new MemoryStream();
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return target.ToArray();
    }

    /// <summary>An OLE2 compound file header; Excel stores a password-protected .xlsx in one, with a stream named EncryptedPackage.</summary>
    private static byte[] Ole2(bool encrypted)
    {
        var bytes = new byte[8192];
        byte[] magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        magic.CopyTo(bytes, 0);
        Encoding.Unicode.GetBytes(encrypted ? "EncryptedPackage" : "Workbook").CopyTo(bytes, 1024);
        return bytes;
    }

    private static async Task<HttpResponseMessage> PostWithoutFileAsync(HttpClient client, int planId)
    {
        var token = (await client.GetPageAsync("/tasks")).AntiforgeryToken()!;
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        return await client.PostAsync(new Uri($"/plans/{planId}/import", UriKind.Relative), form);
    }

    private Task<byte[]> ValidSheetAsync(int planId, int rows) => app.WithDbAsync(async db =>
    {
        var area = await db.Areas.Where(a => a.PlanId == planId).OrderBy(a => a.SortOrder).Select(a => a.Name).FirstAsync();
        var office = await db.Offices.OrderBy(o => o.Id).Select(o => o.ShortName).FirstAsync();
        var unit = await db.Units.OrderBy(u => u.Id).Select(u => u.Name).FirstAsync();
        return Workbooks.Sheet(Enumerable.Range(1, rows).Select(i => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["任务编号"] = $"MAL-{i}",
            ["任务名称"] = $"畸形文件测试 {i}",
            ["所属领域"] = area,
            ["责任专项办"] = office,
            ["牵头单位"] = unit,
            ["开始日期"] = new DateTime(2026, 1, 1),
            ["完成时限"] = new DateTime(2026, 12, 31),
        }));
    });

    private Task<(int Tasks, int Audit)> CountsAsync() => app.WithDbAsync(async db =>
        (await db.Tasks.IgnoreQueryFilters().CountAsync(), await db.AuditRecords.CountAsync(r => r.EntityType == "ReformTask" || r.EntityType == "TaskCooperation")));

    [GeneratedRegex("(<x:c r=\"B3\"[^>]*>)")]
    private static partial Regex CellB3();

    [GeneratedRegex("<x:dimension ref=\"[^\"]*\"")]
    private static partial Regex Dimension();
}

internal static class FunctionalExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> map) => map(value);
}
