using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using ReformTracker.Web.Domain.Auditing;
using ReformTracker.Web.Domain.Common;
using ReformTracker.Web.Domain.Reporting;
using ReformTracker.Web.Domain.Tasks;
using ReformTracker.Web.Security;

namespace ReformTracker.Web.Data.Auditing;

/// <summary>
/// Writes an audit record for every create, update and (soft) delete of business data and users, in the
/// same transaction as the change itself. One instance per DbContext (registered scoped).
/// </summary>
public sealed class AuditInterceptor(AuditActor actor, TimeProvider clock, WriteTurns writeTurns) : SaveChangesInterceptor, IDisposable
{
    private static readonly HashSet<string> Unrecorded = new(StringComparer.Ordinal)
    {
        nameof(Entity.Version), nameof(Entity.UpdatedAtUtc), nameof(Entity.CreatedAtUtc), nameof(Entity.DeletedAtUtc),
        nameof(AppUser.ConcurrencyStamp), nameof(AppUser.NormalizedUserName), nameof(AppUser.NormalizedEmail),
    };

    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal) { nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp) };

    private List<Pending>? _pending;
    private IDbContextTransaction? _ownedTransaction;
    private IDisposable? _writeTurn;
    private bool _appending;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var db = eventData.Context as AppDbContext;
        if (db is null || _appending)
        {
            return result;
        }

        RefuseAuditRewrites(db);
        _pending = Capture(db);
        if (_pending.Count > 0 && db.Database.CurrentTransaction is null)
        {
            _writeTurn = await writeTurns.TakeAsync(cancellationToken);
            try
            {
                _ownedTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
            }
            catch
            {
                PassWriteTurn();
                throw;
            }
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (_appending || eventData.Context is not AppDbContext db || _pending is not { Count: > 0 } pending)
        {
            return result;
        }

        _pending = null;
        _appending = true;
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var user = actor.User;
            var drafts = pending.Select(p => new AuditDraft(
                now, user.Id, actor.UserName, user.UnitId, p.Action, p.EntityType, KeyOf(p.Entry),
                FieldChange.Serialize(p.Changes ?? AddedValues(p.Entry)), actor.ClientAddress, actor.CorrelationId)).ToList();
            await AuditChainWriter.AppendAsync(db, drafts, cancellationToken);
            if (_ownedTransaction is not null)
            {
                await _ownedTransaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            _appending = false;
            await DisposeOwnedTransactionAsync();
        }

        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) => AbandonAsync();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) => AbandonAsync();

    /// <summary>The request's scope ends: a turn still held (a save abandoned midway) goes to the next writer.</summary>
    public void Dispose() => PassWriteTurn();

    /// <summary>Synchronous saves are left to framework plumbing (Data Protection keys); business data saves asynchronously.</summary>
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is AppDbContext db && !_appending)
        {
            RefuseAuditRewrites(db);
            if (Capture(db).Count > 0)
            {
                throw new NotSupportedException("Audited data must be saved with SaveChangesAsync.");
            }
        }

        return result;
    }

    private static void RefuseAuditRewrites(AppDbContext db)
    {
        if (db.ChangeTracker.Entries<AuditRecord>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only.");
        }
    }

    private static List<Pending> Capture(AppDbContext db)
    {
        var pending = new List<Pending>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (!IsAudited(entry.Entity) || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var type = entry.Metadata.ClrType.Name;
            switch (entry.State)
            {
                case EntityState.Added:
                    pending.Add(new Pending(entry, AuditAction.Created, type, null));
                    break;
                case EntityState.Deleted:
                    pending.Add(new Pending(entry, AuditAction.Deleted, type, entry.Properties
                        .Where(p => Recordable(p)).Select(p => Change(p.Metadata.Name, p.OriginalValue, null)).ToList()));
                    break;
                case EntityState.Modified:
                    var changes = entry.Properties
                        .Where(p => p.IsModified && Recordable(p) && !Equals(p.OriginalValue, p.CurrentValue))
                        .Select(p => Change(p.Metadata.Name, p.OriginalValue, p.CurrentValue))
                        .ToList();
                    if (changes.Count == 0)
                    {
                        break;
                    }

                    var action = entry.Entity is Entity e && changes.Any(c => c.F == nameof(Entity.IsDeleted))
                        ? e.IsDeleted ? AuditAction.Deleted : AuditAction.Restored
                        : AuditAction.Updated;
                    pending.Add(new Pending(entry, action, type, changes));
                    break;
            }
        }

        return pending;
    }

    private static bool IsAudited(object entity) => entity is Entity or TaskCooperation or ReportMilestone or AppUser;

    private static bool Recordable(PropertyEntry property) => !Unrecorded.Contains(property.Metadata.Name);

    private static List<FieldChange> AddedValues(EntityEntry entry) => entry.Properties
        .Where(p => Recordable(p) && !p.Metadata.IsPrimaryKey() && p.CurrentValue is not null && !Equals(p.CurrentValue, false))
        .Select(p => Change(p.Metadata.Name, null, p.CurrentValue))
        .ToList();

    private static FieldChange Change(string field, object? oldValue, object? newValue) =>
        Secret.Contains(field)
            ? new FieldChange(field, oldValue is null ? null : "***", newValue is null ? null : "***（已更改）")
            : new FieldChange(field, Format(oldValue), Format(newValue));

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string KeyOf(EntityEntry entry) => string.Join(
        ':', entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));

    private async Task AbandonAsync()
    {
        if (!_appending)
        {
            _pending = null;
            await DisposeOwnedTransactionAsync();
        }
    }

    private async Task DisposeOwnedTransactionAsync()
    {
        try
        {
            if (_ownedTransaction is not null)
            {
                await _ownedTransaction.DisposeAsync();
                _ownedTransaction = null;
            }
        }
        finally
        {
            PassWriteTurn();
        }
    }

    private void PassWriteTurn()
    {
        _writeTurn?.Dispose();
        _writeTurn = null;
    }

    private sealed record Pending(EntityEntry Entry, AuditAction Action, string EntityType, List<FieldChange>? Changes);
}

/// <summary>One changed field, serialized compactly: F = field, O = old, N = new.</summary>
public sealed record FieldChange(string F, string? O, string? N)
{
    /// <summary>Chinese stays readable in the stored JSON (no \uXXXX escapes), so the column can be read and searched in the database.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Serialize(object changes) => JsonSerializer.Serialize(changes, Json);
}
