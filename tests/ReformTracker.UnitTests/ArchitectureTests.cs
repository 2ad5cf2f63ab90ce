using System.Text.RegularExpressions;

namespace ReformTracker.UnitTests;

/// <summary>The domain stays plain C#: no ASP.NET, no EF Core, and nothing from the layers that use it.</summary>
public sealed partial class ArchitectureTests
{
    [Fact]
    public void The_domain_imports_neither_ASP_NET_nor_EF_Core_nor_the_outer_layers()
    {
        var domain = Path.Combine(TranslationTests.RepositoryRoot(), "src", "ReformTracker.Web", "Domain");
        var offenders = Directory.EnumerateFiles(domain, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select(line => (File: Path.GetFileName(file), Line: line.Trim())))
            .Where(x => Forbidden().IsMatch(x.Line))
            .Select(x => $"{x.File}: {x.Line}")
            .ToList();

        Assert.True(offenders.Count == 0, "The domain must stay independent:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_style_sheets_close_every_block_they_open()
    {
        var css = Path.Combine(TranslationTests.RepositoryRoot(), "src", "ReformTracker.Web", "wwwroot", "css");
        foreach (var file in Directory.EnumerateFiles(css, "*.css"))
        {
            var depth = 0;
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                var opensRule = line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.TrimEnd().EndsWith('{') && !line.StartsWith('@');
                Assert.False(opensRule && depth > 0 && !IsInsideAtRule(file, number), $"{Path.GetFileName(file)}:{number} opens a rule inside an unclosed block");
                depth += line.Count(c => c == '{') - line.Count(c => c == '}');
                Assert.True(depth >= 0, $"{Path.GetFileName(file)}:{number} closes a block that was never opened");
            }

            Assert.True(depth == 0, $"{Path.GetFileName(file)} leaves {depth} block(s) open");
        }
    }

    /// <summary>Rules written at the start of a line inside @media or @page blocks are allowed.</summary>
    private static bool IsInsideAtRule(string file, int lineNumber) =>
        File.ReadLines(file).Take(lineNumber - 1).Reverse().FirstOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && l.TrimEnd().EndsWith('{'))?.StartsWith('@') == true;

    [GeneratedRegex(@"^(global\s+)?using\s+(static\s+)?(Microsoft\.AspNetCore|Microsoft\.EntityFrameworkCore|Microsoft\.Extensions|ReformTracker\.Web\.(Data|Features|Security|Infrastructure))")]
    private static partial Regex Forbidden();
}
