using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReformTracker.IntegrationTests.Support;
using ReformTracker.Web.Data;
using ReformTracker.Web.Data.Seed;
using ReformTracker.Web.Infrastructure;
using ReformTracker.Web.Security;

namespace ReformTracker.IntegrationTests;

public sealed class BenchmarkTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task The_ceiling_page_does_not_exist_outside_the_benchmark_configuration()
    {
        using var client = app.CreateClientFor("leader");

        using var response = await client.GetAsync(new Uri("/benchmark/ceiling", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_benchmark_configuration_serves_the_ceiling_page_with_twelve_rows()
    {
        await using var bench = app.WithWebHostBuilder(b => b.UseSetting("Benchmark:Enabled", "true"));
        using var client = bench.CreateDefaultClient(new SignedInHandler("leader", TestApp.DemoPassword), new CookieContainerHandler());

        using var response = await client.GetAsync(new Uri("/benchmark/ceiling", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(12, html.Split("<tr><td>").Length - 1);
    }

    [Fact]
    public async Task The_generated_dataset_is_deterministic_and_its_audit_chain_holds_one_import_record()
    {
        var scale = new DatasetScale("test", 10, 60, 12, 3, 4);
        var today = new DateOnly(2026, 11, 20);
        var first = Path.Combine(Path.GetTempPath(), $"reformtracker-dataset-{Guid.NewGuid():N}.db");
        var second = Path.Combine(Path.GetTempPath(), $"reformtracker-dataset-{Guid.NewGuid():N}.db");
        try
        {
            var hasher = new PasswordHasher<AppUser>();
            await new ProvinceDataset(scale, today, 5, hasher, TextWriter.Null).GenerateAsync(first, CancellationToken.None);
            await new ProvinceDataset(scale, today, 5, hasher, TextWriter.Null).GenerateAsync(second, CancellationToken.None);

            await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite($"Data Source={first};Pooling=False").Options);
            Assert.Equal(10, await db.Units.CountAsync());
            Assert.Equal(60, await db.Tasks.CountAsync());
            Assert.Equal(60 * 12, await db.Reports.CountAsync());
            Assert.Equal(10 + 3 + 4, await db.Users.CountAsync());
            var verification = await AdminCommands.VerifyAsync(db, CancellationToken.None);
            Assert.True(verification.IsIntact, verification.Problem);
            Assert.Equal(1, verification.CheckedCount);
            Assert.Equal("BulkImport", (await db.AuditRecords.SingleAsync()).EntityType);

            Assert.Equal(Fingerprint(first), Fingerprint(second));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { first, second }.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The business rows of a dataset (password hashes are salted, so users are compared by name only).</summary>
    private static string Fingerprint(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT group_concat(x, '|') FROM (
              SELECT Code || Title || StartDate || DueDate || Status || PercentComplete AS x FROM Tasks
              UNION ALL SELECT TaskId || Period || Status || PercentComplete FROM Reports
              UNION ALL SELECT UserName FROM AspNetUsers)
            """;
        return (string)command.ExecuteScalar()!;
    }
}
