using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReformTracker.Web.Domain.Common;

namespace ReformTracker.Web.Data.Configurations;

/// <summary>Shared mapping of <see cref="Entity"/>: the version is the optimistic-concurrency token.</summary>
public abstract class EntityConfiguration<T> : IEntityTypeConfiguration<T>
    where T : Entity
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Version).IsConcurrencyToken();
        ConfigureEntity(builder);
    }

    protected abstract void ConfigureEntity(EntityTypeBuilder<T> builder);
}

/// <summary>Marker for the namespace scan in <see cref="AppDbContext"/>.</summary>
public static class EntityConfiguration;
