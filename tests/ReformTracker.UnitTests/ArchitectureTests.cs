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

    [GeneratedRegex(@"^(global\s+)?using\s+(static\s+)?(Microsoft\.AspNetCore|Microsoft\.EntityFrameworkCore|Microsoft\.Extensions|ReformTracker\.Web\.(Data|Features|Security|Infrastructure))")]
    private static partial Regex Forbidden();
}
