namespace ReformTracker.Web.Domain.Auditing;

/// <summary>The head of the chain: the last sequence number and hash, kept in one row so appends serialize on it.</summary>
public sealed class AuditChainHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long LastSequence { get; set; }

    public string LastHash { get; set; } = AuditRecord.GenesisHash;

    public IReadOnlyList<AuditRecord> Append(IEnumerable<AuditDraft> drafts)
    {
        var appended = new List<AuditRecord>();
        foreach (var draft in drafts)
        {
            var record = new AuditRecord(draft, LastSequence + 1, LastHash);
            LastSequence = record.Sequence;
            LastHash = record.Hash;
            appended.Add(record);
        }

        return appended;
    }
}

/// <summary>Walks the chain in order and reports the first record that does not follow from its predecessor.</summary>
public static class AuditChainVerifier
{
    public static AuditVerification Verify(IEnumerable<AuditRecord> recordsInOrder, AuditChainHead? head = null)
    {
        ArgumentNullException.ThrowIfNull(recordsInOrder);
        var expectedSequence = 1L;
        var previousHash = AuditRecord.GenesisHash;
        var checkedCount = 0L;
        foreach (var record in recordsInOrder)
        {
            if (record.Sequence != expectedSequence)
            {
                return AuditVerification.Broken(checkedCount, expectedSequence, $"缺少第 {expectedSequence} 条记录（下一条为第 {record.Sequence} 条）");
            }

            if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(checkedCount, record.Sequence, $"第 {record.Sequence} 条记录与前一条记录的哈希不衔接");
            }

            if (!string.Equals(record.Hash, record.ComputeHash(), StringComparison.Ordinal))
            {
                return AuditVerification.Broken(checkedCount, record.Sequence, $"第 {record.Sequence} 条记录的内容与其哈希不符（记录被改动）");
            }

            previousHash = record.Hash;
            expectedSequence++;
            checkedCount++;
        }

        if (head is not null && (head.LastSequence != checkedCount || !string.Equals(head.LastHash, previousHash, StringComparison.Ordinal)))
        {
            return AuditVerification.Broken(checkedCount, checkedCount + 1, $"链尾应为第 {head.LastSequence} 条，实际只有 {checkedCount} 条（末尾记录被删除）");
        }

        return AuditVerification.Intact(checkedCount);
    }
}

public sealed record AuditVerification(bool IsIntact, long CheckedCount, long? FirstBrokenSequence, string? Problem)
{
    public static AuditVerification Intact(long count) => new(true, count, null, null);

    public static AuditVerification Broken(long count, long sequence, string problem) => new(false, count, sequence, problem);
}
