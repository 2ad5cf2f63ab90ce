using Microsoft.EntityFrameworkCore;

namespace ReformTracker.Web.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AppDbContext"/> on the provider named by configuration.</summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(DatabaseOptions.SectionName);
        services.Configure<DatabaseOptions>(section);
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton<EntityStampInterceptor>();
        services.AddSingleton<DataChangeSignals>();
        services.AddScoped<Auditing.AuditActor>();
        services.AddScoped<Auditing.AuditInterceptor>();
        services.AddScoped<Auditing.SecurityEvents>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddSingleton(WriteTurns.OneAtATime(TimeSpan.FromMilliseconds(options.SqliteBusyTimeoutMs)));
                var sqlite = SqliteConnectionString(options, environment.ContentRootPath);
                var pragmas = new SqlitePragmaInterceptor(options.SqliteBusyTimeoutMs);
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, db) => db
                    .UseSqlite(sqlite, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .AddInterceptors(pragmas, sp.GetRequiredService<EntityStampInterceptor>(), sp.GetRequiredService<Auditing.AuditInterceptor>(), sp.GetRequiredService<DataChangeSignals>()));
                break;
            case DatabaseProvider.SqlServer:
                services.AddSingleton(WriteTurns.Concurrent());
                var sqlServer = string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new InvalidOperationException("Database:ConnectionString is required for SQL Server.")
                    : options.ConnectionString;
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>((sp, db) => db
                    .UseSqlServer(sqlServer, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
                    .AddInterceptors(sp.GetRequiredService<EntityStampInterceptor>(), sp.GetRequiredService<Auditing.AuditInterceptor>(), sp.GetRequiredService<DataChangeSignals>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'. Use Sqlite or SqlServer.");
        }

        return services;
    }

    public static string SqliteConnectionString(DatabaseOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        var folder = Path.Combine(contentRoot, options.DataFolder);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "reformtracker.db")}";
    }
}
