using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;

namespace ReformTracker.Web.Data;

/// <summary>
/// The application's unit of work. One subclass per database provider exists only so that each
/// provider keeps its own migrations (see docs/adr/0002-two-providers-two-migration-sets.md).
/// </summary>
public abstract class AppDbContext : DbContext
{
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Official> Officials => Set<Official>();

    public DbSet<Office> Offices => Set<Office>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<Area> Areas => Set<Area>();

    public DbSet<ReformTask> Tasks => Set<ReformTask>();

    public DbSet<Milestone> Milestones => Set<Milestone>();

    public DbSet<TaskCooperation> TaskCooperations => Set<TaskCooperation>();

    public DbSet<MonthlyReport> Reports => Set<MonthlyReport>();

    public DbSet<ReportProblem> ReportProblems => Set<ReportProblem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(Configurations.EntityConfiguration).Namespace);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        configurationBuilder.Properties<YearMonth>().HaveConversion<YearMonthConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(Lengths.LongText);
    }
}
