using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Bulletins;
using ReformTracker.Web.Domain.Plans;

namespace ReformTracker.Web.Data.Configurations;

public sealed class BulletinConfiguration : EntityConfiguration<Bulletin>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Bulletin> builder)
    {
        builder.Property(b => b.IssuingOffice).HasMaxLength(Bulletin.IssuingOfficeLength).IsRequired();
        builder.Property(b => b.PublishedBy).HasMaxLength(256).IsRequired();

        // The snapshot of a large plan runs past the 4000-character default: unbounded text on both providers.
        builder.Property(b => b.Snapshot).IsRequired().Metadata.SetMaxLength(null);

        // One bulletin per plan and quarter, and one issue number per year: a second publication races into these.
        builder.HasIndex(b => new { b.PlanId, b.QuarterKey }).IsUnique();
        builder.HasIndex(b => new { b.Year, b.Sequence }).IsUnique();
        builder.HasOne<Plan>().WithMany().HasForeignKey(b => b.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(b => b.Quarter);
        builder.Ignore(b => b.Number);
    }
}
