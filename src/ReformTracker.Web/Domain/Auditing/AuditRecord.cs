using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReformTracker.Web.Domain.Auditing;

/// <summary>
/// One append-only line of the audit trail. Each record carries the hash of its predecessor, so any
/// later change, insertion or removal breaks the chain at that point.
/// </summary>
public sealed class AuditRecord
{
    public const string GenesisHash = "GENESIS";

    private AuditRecord()
    {
        UserName = string.Empty;
        EntityType = string.Empty;
        Changes = string.Empty;
        PreviousHash = string.Empty;
        Hash = string.Empty;
    }

    public AuditRecord(AuditDraft draft, long sequence, string previousHash)
        : this()
    {
        ArgumentNullException.ThrowIfNull(draft);
        Sequence = sequence;
        TimestampUtc = draft.TimestampUtc;
        UserId = draft.UserId;
        UserName = draft.UserName;
        UnitId = draft.UnitId;
        Action = draft.Action;
        EntityType = draft.EntityType;
        EntityId = draft.EntityId;
        Changes = draft.Changes;
        ClientAddress = draft.ClientAddress;
        CorrelationId = draft.CorrelationId;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    /// <summary>Position in the chain: 1, 2, 3 … with no gaps.</summary>
    public long Sequence { get; private set; }

    public DateTime TimestampUtc { get; private set; }

    public int? UserId { get; private set; }

    public string UserName { get; private set; }

    public int? UnitId { get; private set; }

    public AuditAction Action { get; private set; }

    public string EntityType { get; private set; }

    public string? EntityId { get; private set; }

    /// <summary>JSON array of {"F": field, "O": old, "N": new}.</summary>
    public string Changes { get; private set; }

    public string? ClientAddress { get; private set; }

    public string? CorrelationId { get; private set; }

    public string PreviousHash { get; private set; }

    public string Hash { get; private set; }

    public string ComputeHash()
    {
        // The timestamp is written without its Kind: SQLite does not keep it, and the hash must survive a round trip.
        var canonical = string.Join(
            '\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            TimestampUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            UserId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            UserName,
            UnitId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            Action.ToString(),
            EntityType,
            EntityId ?? string.Empty,
            Changes,
            ClientAddress ?? string.Empty,
            CorrelationId ?? string.Empty,
            PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>What is known about a change before it takes its place in the chain.</summary>
public sealed record AuditDraft(
    DateTime TimestampUtc,
    int? UserId,
    string UserName,
    int? UnitId,
    AuditAction Action,
    string EntityType,
    string? EntityId,
    string Changes,
    string? ClientAddress,
    string? CorrelationId);
