using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.Web.Data;

namespace ReformTracker.IntegrationTests.Support;

/// <summary>The whole app over a real, freshly migrated and seeded SQLite file that is deleted afterwards.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"reformtracker-test-{Guid.NewGuid():N}.db");

    public TestClock Clock { get; } = new();

    /// <summary>Where uploaded task sheets wait between preview and confirm; deleted afterwards.</summary>
    public string ImportStagingFolder { get; } = Path.Combine(Path.GetTempPath(), $"reformtracker-import-{Guid.NewGuid():N}");

    public string ConnectionString => $"Data Source={_databasePath};Pooling=False";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Database:SeedDemoData", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Security:PasswordHashIterations", "1000");
        builder.UseSetting("Supervision:Enabled", "false");
        builder.UseSetting("Notifications:Enabled", "false");
        builder.UseSetting("Dashboard:CacheSeconds", "0");
        builder.UseSetting("Import:StagingFolder", ImportStagingFolder);
        builder.UseSetting("Security:LoginAttemptsPerMinutePerAddress", LoginAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Serilog:WriteTo:1:Args:path", Path.Combine(Path.GetTempPath(), "reformtracker-test-logs", "log-.txt"));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public const string DemoPassword = ReformTracker.Web.Data.Seed.DemoAccountsSeeder.Password;

    /// <summary>The login rate limit; high by default so ordinary tests never meet it.</summary>
    public int LoginAttemptsPerMinute { get; init; } = 100_000;

    /// <summary>A client signed in as the demo system administrator that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreateBrowserlikeClient() => CreateClientFor("admin");

    /// <summary>A client signed in (through the login form) as one of the demo accounts or any user created by a test.</summary>
    public HttpClient CreateClientFor(string userName, string password = DemoPassword) =>
        CreateDefaultClient(new SignedInHandler(userName, password), new CookieContainerHandler());

    /// <summary>A client that is not signed in.</summary>
    public HttpClient CreateAnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A fresh context on the test database, for arranging and asserting outside HTTP.</summary>
    public AppDbContext NewDbContext()
    {
        var scope = Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>();
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }

        if (Directory.Exists(ImportStagingFolder))
        {
            Directory.Delete(ImportStagingFolder, recursive: true);
        }
    }
}
