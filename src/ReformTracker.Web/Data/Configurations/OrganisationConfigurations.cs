using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Organisation;

namespace ReformTracker.Web.Data.Configurations;

public sealed class OfficialConfiguration : EntityConfiguration<Official>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Official> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(Lengths.Name).IsRequired();
        builder.Property(o => o.Position).HasMaxLength(Lengths.Name).IsRequired();
    }
}

public sealed class OfficeConfiguration : EntityConfiguration<Office>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Office> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(Lengths.Name).IsRequired();
        builder.Property(o => o.ShortName).HasMaxLength(Lengths.ShortName).IsRequired();
        builder.Property(o => o.Duties).HasMaxLength(Lengths.MediumText).IsRequired();
        builder.HasIndex(o => o.Name).IsUnique();
        builder.HasOne(o => o.LeadingOfficial).WithMany().HasForeignKey(o => o.LeadingOfficialId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class UnitConfiguration : EntityConfiguration<Unit>
{
    protected override void ConfigureEntity(EntityTypeBuilder<Unit> builder)
    {
        builder.Property(u => u.Name).HasMaxLength(Lengths.Name).IsRequired();
        builder.Property(u => u.ShortName).HasMaxLength(Lengths.ShortName).IsRequired();
        builder.HasIndex(u => u.Name).IsUnique();
        builder.HasIndex(u => new { u.Kind, u.SortOrder });
        builder.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(u => u.PeerGroup);
    }
}
