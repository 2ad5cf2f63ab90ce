using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ReformTracker.UnitTests;

/// <summary>Chinese UI text is the resource key; every key shown anywhere must have an English translation.</summary>
public sealed partial class TranslationTests
{
    [Fact]
    public void Every_Chinese_text_shown_in_the_interface_has_an_English_translation()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "ReformTracker.Web");
        var translated = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);

        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                         && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var keys = LocalizerKey().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(FlashKey().Matches(text).Select(m => m.Groups[1].Value));
            if (file.EndsWith("Labels.cs", StringComparison.Ordinal) || file.EndsWith("Roles.cs", StringComparison.Ordinal))
            {
                keys = keys.Concat(LabelText().Matches(text).Select(m => m.Groups[1].Value));
            }

            foreach (var key in keys.Where(k => HasChinese().IsMatch(k)))
            {
                if (!translated.TryGetValue(key, out var english) || string.IsNullOrWhiteSpace(english))
                {
                    missing.Add($"{Path.GetFileName(file)}: {key}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Add these keys to Resources/SharedResource.en.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Translations_keep_every_placeholder_of_their_key()
    {
        var resx = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "ReformTracker.Web", "Resources", "SharedResource.en.resx"));
        foreach (var data in resx.Root!.Elements("data"))
        {
            var key = (string)data.Attribute("name")!;
            var value = (string?)data.Element("value") ?? string.Empty;
            var expected = Placeholder().Matches(key).Select(m => m.Value).Order(StringComparer.Ordinal);
            var actual = Placeholder().Matches(value).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal);
            Assert.True(expected.Distinct().SequenceEqual(actual), $"'{key}' → '{value}' changes the placeholders");
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ReformTracker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex("""\b[Ll]\[\s*"((?:[^"\\]|\\.)*)"\s*[\],]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex("""\bFlash\(\s*"([^"]+)"\s*\)""")]
    private static partial Regex FlashKey();

    [GeneratedRegex("""=>\s*"([^"]+)",""")]
    private static partial Regex LabelText();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
