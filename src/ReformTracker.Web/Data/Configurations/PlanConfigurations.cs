using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Plans;

namespace ReformTracker.Web.Data.Configurations;

public sealed class PlanConfiguration : EntityConfiguration<Plan>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Plan> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(Lengths.Title).IsRequired();
        builder.Property(p => p.Description).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasIndex(p => p.Name).IsUnique();
        builder.HasMany(p => p.Areas).WithOne().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(p => p.Areas).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.IsMultiYear);
    }
}

public sealed class AreaConfiguration : EntityConfiguration<Area>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Area> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Lengths.Name).IsRequired();
        builder.HasIndex(a => new { a.PlanId, a.Name }).IsUnique();
    }
}
