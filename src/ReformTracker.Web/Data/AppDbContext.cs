using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Bulletins;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Meetings;
using ReformTracker.Web.Domain.Notifications;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Ranking;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Supervision;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data;

/// <summary>
/// The application's unit of work, Identity and Data Protection keys included. One subclass per database
/// provider exists only so that each provider keeps its own migrations (see docs/adr/0002-two-providers-two-migration-sets.md).
/// </summary>
public abstract class AppDbContext : IdentityUserContext<AppUser, int>, IDataProtectionKeyContext
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

    public DbSet<ReportAmendment> ReportAmendments => Set<ReportAmendment>();

    public DbSet<CooperationFeedback> CooperationFeedback => Set<CooperationFeedback>();

    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();

    public DbSet<Flag> Flags => Set<Flag>();

    public DbSet<ExtensionRequest> ExtensionRequests => Set<ExtensionRequest>();

    public DbSet<CloseOutApplication> CloseOutApplications => Set<CloseOutApplication>();

    public DbSet<Notice> Notices => Set<Notice>();

    public DbSet<NoticeResponse> NoticeResponses => Set<NoticeResponse>();

    public DbSet<NoticeEscalation> NoticeEscalations => Set<NoticeEscalation>();

    public DbSet<TaskLight> TaskLights => Set<TaskLight>();

    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<MeetingItem> MeetingItems => Set<MeetingItem>();

    public DbSet<Lease> Leases => Set<Lease>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Bulletin> Bulletins => Set<Bulletin>();

    public DbSet<RankingPublication> RankingPublications => Set<RankingPublication>();

    public DbSet<RankingPublicationRow> RankingRows => Set<RankingPublicationRow>();

    public DbSet<RankingPublicationComponent> RankingComponents => Set<RankingPublicationComponent>();

    public DbSet<RankingPublicationDetail> RankingDetails => Set<RankingPublicationDetail>();

    public DbSet<RankingAmendment> RankingAmendments => Set<RankingAmendment>();

    public DbSet<PlanRankingWeights> RankingWeights => Set<PlanRankingWeights>();

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(Configurations.EntityConfiguration).Namespace);

        // Soft-deleted business records disappear from every query unless IgnoreQueryFilters() asks for them.
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(Entity).IsAssignableFrom(t.ClrType) && t.BaseType is null))
        {
            var parameter = Expression.Parameter(entityType.ClrType, "e");
            var notDeleted = Expression.Lambda(Expression.Not(Expression.Property(parameter, nameof(Entity.IsDeleted))), parameter);
            builder.Entity(entityType.ClrType).HasQueryFilter(notDeleted);
        }
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
