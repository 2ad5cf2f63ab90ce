using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReformTracker.Web.Data.Seed;

namespace ReformTracker.Web.Data;

public static class DatabaseInitializer
{
    /// <summary>Migrates the database (SQLite: creating the file, in WAL mode) and seeds the demo district when allowed.</summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var environment = scope.ServiceProvider.GetRequiredService<IHostEnvironment>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL persists in the file: readers never block the writer during the monthly rush.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        if (options.SeedDemoData && !environment.IsProduction())
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoDistrictSeeder>(scope.ServiceProvider);
            if (await seeder.SeedAsync(cancellationToken))
            {
                logger.LogInformation("Demo district seeded.");

                // The demo's earlier months appear published on the 晒比榜, exactly as a supervisor would publish them.
                await ActivatorUtilities.CreateInstance<Features.Ranking.DemoRankingSeeder>(scope.ServiceProvider).SeedAsync(cancellationToken);
            }

            if (await ActivatorUtilities.CreateInstance<DemoAccountsSeeder>(scope.ServiceProvider).SeedAsync(cancellationToken))
            {
                logger.LogInformation("Demo accounts created (password {Password}).", DemoAccountsSeeder.Password);
            }
        }
    }
}
