namespace Redtram.Gateway.Audit;

/// <summary>The outcome of walking the chain.</summary>
/// <param name="Intact">True when every entry, the checkpoint and the anchor (if given) agree.</param>
/// <param name="Entries">Entries read.</param>
/// <param name="FirstBadSequence">The first entry found edited, missing or out of place (null when intact, or when only the tail is missing).</param>
/// <param name="Problem">What is wrong, for a human.</param>
/// <param name="Head">The last entry's sequence and hash.</param>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBadSequence, string? Problem, AuditAnchor Head)
{
    public override string ToString() =>
        Intact ? $"{Entries} entries, chain intact (head {Head})" : $"chain broken: {Problem}";
}

/// <summary>
/// Walks the chain: sequence numbers must run 1, 2, 3… without gaps, every entry must hold the previous
/// entry's hash, and every stored hash must equal the hash recomputed from the row. This finds any edited
/// field, removed entry or reordered/swapped entries — unless whoever changed the rows also recomputed every
/// hash after them, which the chain alone cannot tell from the truth.
///
/// Tail truncation leaves a valid shorter chain. Two guards, with different strength:
/// <list type="bullet">
/// <item>the checkpoint table, updated in the same transaction as each batch: catches a tail deleted by
/// someone who did not also lower the checkpoint (a careless edit, a restored old backup of the entries table,
/// a partial copy). It proves nothing against someone with write access to the whole database, who can rewrite
/// the checkpoint too;</item>
/// <item>an external anchor (<c>--anchor seq:hash</c>), a head published elsewhere (e.g. sent daily to the
/// secretariat or to the owner DPOs): proves that the log still contains, unchanged, every entry up to that
/// anchor. It says nothing about entries written after the anchor was taken.</item>
/// </list>
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(IAuditStore store, AuditAnchor? anchor = null, CancellationToken cancellationToken = default)
    {
        // The checkpoint is read first, so entries committed while we walk (a live gateway) are not mistaken for forgeries.
        var checkpoint = await store.ReadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
            return new AuditVerification(false, 0, null, "the checkpoint row is missing", new AuditAnchor(0, AuditChain.GenesisHash));
        var checkpointSeen = checkpoint.Value.Sequence == 0;
        long expected = 1;
        var prev = AuditChain.GenesisHash;
        long count = 0;
        var anchorSeen = false;
        await foreach (var row in store.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (row.Entry is null)
                return Broken(count, row.Sequence, $"entry {row.Sequence} was edited: it no longer parses ({row.Malformed})", prev, expected);
            if (row.Sequence != expected)
                return row.Sequence > expected
                    ? Broken(count, expected, $"entry {expected} is missing (next stored entry is {row.Sequence}): removed", prev, expected)
                    : Broken(count, row.Sequence, $"entry {row.Sequence} is out of order (expected {expected})", prev, expected);
            if (!string.Equals(row.PreviousHash, prev, StringComparison.Ordinal))
                return Broken(count, row.Sequence, $"entry {row.Sequence} does not follow entry {row.Sequence - 1}: its previous-hash does not match (an entry was removed, reordered or replaced)", prev, expected);
            var recomputed = AuditChain.ComputeHash(row.Sequence, row.PreviousHash, row.Entry);
            if (!string.Equals(recomputed, row.Hash, StringComparison.Ordinal))
                return Broken(count, row.Sequence, $"entry {row.Sequence} was edited: its content does not match its hash", prev, expected);
            if (anchor is { } a && a.Sequence == row.Sequence)
            {
                if (!string.Equals(a.Hash, row.Hash, StringComparison.Ordinal))
                    return Broken(count, row.Sequence, $"entry {row.Sequence} differs from the external anchor {a}: the chain was rewritten up to it", prev, expected);
                anchorSeen = true;
            }
            if (checkpoint.Value.Sequence == row.Sequence)
            {
                if (!string.Equals(checkpoint.Value.Hash, row.Hash, StringComparison.Ordinal))
                    return Broken(count, row.Sequence, $"entry {row.Sequence} does not match the checkpoint hash: the chain was rewritten up to it", prev, expected);
                checkpointSeen = true;
            }
            prev = row.Hash;
            expected++;
        }

        var head = new AuditAnchor(expected - 1, prev);
        if (anchor is { } an && !anchorSeen && an.Sequence > 0)
            return new AuditVerification(false, count, null, $"the log ends at entry {head.Sequence} but the external anchor {an} names a later entry: the tail was truncated", head);

        if (!checkpointSeen)
            return new AuditVerification(false, count, null, $"the log ends at entry {head.Sequence} but the checkpoint records entry {checkpoint.Value.Sequence}: the tail was truncated", head);

        return new AuditVerification(true, count, null, null, head);
    }

    private static AuditVerification Broken(long count, long? seq, string problem, string prev, long expected) =>
        new(false, count, seq, problem, new AuditAnchor(expected - 1, prev));
}
