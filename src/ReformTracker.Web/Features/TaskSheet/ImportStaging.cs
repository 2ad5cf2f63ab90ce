using System.Security.Cryptography;
using System.Text.Json;

namespace ReformTracker.Web.Features.TaskSheet;

/// <summary>
/// What the preview step saw: the plan, who uploaded, when, and the version of every task of the plan (by code, upper
/// case), so that the confirm step can tell whether anything changed in between.
/// </summary>
public sealed record StagedImport(int PlanId, string UserName, DateTime CreatedUtc, string FileName, Dictionary<string, int> Versions);

/// <summary>
/// Keeps an uploaded sheet on the server between preview and confirm, under a random token, next to its
/// <see cref="StagedImport"/>; the confirm step reads the file again and trusts nothing the browser sends but the token.
/// Files older than <see cref="Lifetime"/> are swept whenever a new one is staged.
/// </summary>
public sealed class ImportStaging
{
    public const string FolderSetting = "Import:StagingFolder";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly string _root;
    private readonly TimeProvider _clock;

    public ImportStaging(IConfiguration configuration, IWebHostEnvironment environment, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var folder = configuration[FolderSetting];
        _root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, string.IsNullOrWhiteSpace(folder) ? "App_Data/import-staging" : folder));
        _clock = clock;
    }

    public string Stage(byte[] content, StagedImport import)
    {
        Directory.CreateDirectory(_root);
        Sweep();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllBytes(DataPath(token), content);
        File.WriteAllText(MetaPath(token), JsonSerializer.Serialize(import));
        return token;
    }

    /// <summary>The staged file and what the preview saw, or null for an unknown, malformed or expired token.</summary>
    public (StagedImport Import, byte[] Content)? Load(string? token)
    {
        if (!IsToken(token) || !File.Exists(MetaPath(token!)) || !File.Exists(DataPath(token!)))
        {
            return null;
        }

        var import = JsonSerializer.Deserialize<StagedImport>(File.ReadAllText(MetaPath(token!)));
        if (import is null || _clock.GetUtcNow().UtcDateTime - import.CreatedUtc > Lifetime)
        {
            Discard(token);
            return null;
        }

        return (import, File.ReadAllBytes(DataPath(token!)));
    }

    public void Discard(string? token)
    {
        if (IsToken(token))
        {
            File.Delete(DataPath(token!));
            File.Delete(MetaPath(token!));
        }
    }

    private void Sweep()
    {
        foreach (var meta in Directory.EnumerateFiles(_root, "*.json"))
        {
            // Load discards what has expired (or cannot be read back).
            var token = Path.GetFileNameWithoutExtension(meta);
            try
            {
                Load(token);
            }
            catch (JsonException)
            {
                Discard(token);
            }
        }
    }

    private static bool IsToken(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower);

    private string DataPath(string token) => Path.Combine(_root, token + ".xlsx");

    private string MetaPath(string token) => Path.Combine(_root, token + ".json");
}
