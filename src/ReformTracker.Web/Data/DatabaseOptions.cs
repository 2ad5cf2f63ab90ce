namespace ReformTracker.Web.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>"Sqlite" (embedded default) or "SqlServer" (production).</summary>
    public string Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite, empty means a file under the app's data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder (relative to the content root) that holds the SQLite file.</summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Apply pending migrations at start-up. On by default for SQLite; production applies scripts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Seed the demo district on first start (never in Production).</summary>
    public bool SeedDemoData { get; set; }

    public int SqliteBusyTimeoutMs { get; set; } = 5000;
}

public static class DatabaseProvider
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
}
