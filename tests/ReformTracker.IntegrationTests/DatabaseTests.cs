using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Seed;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.IntegrationTests;

public sealed class DatabaseTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_SQLite_database_is_migrated_to_the_latest_migration_in_WAL_mode()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: run dotnet ef migrations add.");
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_transaction_begun_through_EF_on_SQLite_holds_the_write_lock_before_its_first_statement()
    {
        // The audit chain reads its head without touching it first on SQLite: only a transaction that began IMMEDIATE makes that safe.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();

        await using var other = new SqliteConnection(app.ConnectionString);
        await other.OpenAsync();
        await using var command = other.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        command.CommandTimeout = 1;
        var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY
    }

    [Fact]
    public void The_SQL_Server_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = SqlServerContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQL Server migration: run dotnet ef migrations add for SqlServerAppDbContext.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void The_SQL_Server_idempotent_migration_script_generates_and_creates_every_table()
    {
        using var db = SqlServerContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct())
        {
            Assert.Contains($"CREATE TABLE [{table}]", script, StringComparison.Ordinal);
        }

        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("nvarchar(32)", script, StringComparison.Ordinal);
        Assert.Contains("decimal(18,2)", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Tasks_PlanId_Code]", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_district_matches_the_published_plan_and_seeding_again_changes_nothing()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counts = await CountsAsync(db);

        var seeder = ActivatorUtilities.CreateInstance<DemoDistrictSeeder>(scope.ServiceProvider);
        Assert.False(await seeder.SeedAsync(CancellationToken.None));

        Assert.Equal(counts, await CountsAsync(db));
        Assert.Equal(5, counts.Offices);
        Assert.Equal(1, counts.Plans);
        Assert.Equal(7, counts.Areas);
        Assert.Equal(45, counts.Tasks);
        Assert.Equal(34, await db.Tasks.CountAsync(t => db.Units.Any(u => u.Id == t.LeadUnitId && u.Kind == UnitKind.Department)));
        Assert.Equal(11, await db.Tasks.CountAsync(t => db.Units.Any(u => u.Id == t.LeadUnitId && u.Kind == UnitKind.Town)));
        Assert.InRange(await db.Units.CountAsync(), 18, 30);
        Assert.True(counts.Reports > 45 * 4, "six months of reports");
        var lastMonth = new ReformTracker.Web.Domain.Common.YearMonth(2026, 10);
        var states = await db.Reports.Where(r => r.Period == lastMonth).Select(r => r.Status).Distinct().CountAsync();
        Assert.True(states >= 3, "the latest month shows reports in mixed states");
    }

    [Fact]
    public async Task Demo_data_is_never_seeded_in_Production()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reformtracker-prod-{Guid.NewGuid():N}.db");
        try
        {
            await using var production = new TestApp().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("Database:Provider", "Sqlite");
                b.UseSetting("Database:ConnectionString", $"Data Source={path};Pooling=False");
                b.UseSetting("Database:MigrateOnStartup", "true");
                b.UseSetting("Database:SeedDemoData", "true");
            });
            using var client = production.CreateClient();
            await client.GetAsync(new Uri("/health", UriKind.Relative));

            await using var scope = production.Services.CreateAsyncScope();
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Offices.CountAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SqlServerAppDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=unreachable.invalid;Database=ReformTracker;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);

    private static async Task<(int Offices, int Plans, int Areas, int Tasks, int Milestones, int Reports)> CountsAsync(AppDbContext db) =>
        (await db.Offices.CountAsync(), await db.Plans.CountAsync(), await db.Areas.CountAsync(), await db.Tasks.CountAsync(),
         await db.Milestones.CountAsync(), await db.Reports.CountAsync());
}
