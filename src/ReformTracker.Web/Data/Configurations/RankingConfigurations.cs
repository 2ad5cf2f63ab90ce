using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;
using ReformTracker.Web.Domain.Plans;
using ReformTracker.Web.Domain.Ranking;

namespace ReformTracker.Web.Data.Configurations;

public sealed class RankingPublicationConfiguration : EntityConfiguration<RankingPublication>
{
    protected override void ConfigureEntity(EntityTypeBuilder<RankingPublication> builder)
    {
        builder.Property(p => p.PublishedBy).HasMaxLength(256).IsRequired();

        // One publication per plan and month: publishing twice is refused by the handler and, in a race, by the index.
        builder.HasIndex(p => new { p.PlanId, p.Period }).IsUnique();
        builder.HasOne<Plan>().WithMany().HasForeignKey(p => p.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Rows).WithOne().HasForeignKey(r => r.PublicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Rows).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.Weights);
    }
}

public sealed class RankingPublicationRowConfiguration : IEntityTypeConfiguration<RankingPublicationRow>
{
    public void Configure(EntityTypeBuilder<RankingPublicationRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.UnitName).HasMaxLength(Lengths.Name).IsRequired();
        builder.HasIndex(r => new { r.PublicationId, r.UnitId }).IsUnique();
        builder.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Components).WithOne().HasForeignKey(c => c.RowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Details).WithOne().HasForeignKey(d => d.RowId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Components).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Details).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class RankingPublicationComponentConfiguration : IEntityTypeConfiguration<RankingPublicationComponent>
{
    public void Configure(EntityTypeBuilder<RankingPublicationComponent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Explanation).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasIndex(c => new { c.RowId, c.Component }).IsUnique();
    }
}

public sealed class RankingPublicationDetailConfiguration : IEntityTypeConfiguration<RankingPublicationDetail>
{
    public void Configure(EntityTypeBuilder<RankingPublicationDetail> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Label).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(d => d.Note).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasIndex(d => d.RowId);
    }
}

public sealed class RankingAmendmentConfiguration : EntityConfiguration<RankingAmendment>
{
    protected override void ConfigureEntity(EntityTypeBuilder<RankingAmendment> builder)
    {
        builder.Property(a => a.Reason).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.Property(a => a.AmendedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(a => a.RowId);
        builder.HasOne<RankingPublicationRow>().WithMany().HasForeignKey(a => a.RowId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(a => a.Points);
    }
}

public sealed class PlanRankingWeightsConfiguration : EntityConfiguration<PlanRankingWeights>
{
    protected override void ConfigureEntity(EntityTypeBuilder<PlanRankingWeights> builder)
    {
        builder.HasIndex(w => w.PlanId).IsUnique();
        builder.HasOne<Plan>().WithMany().HasForeignKey(w => w.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(w => w.Weights);
    }
}
