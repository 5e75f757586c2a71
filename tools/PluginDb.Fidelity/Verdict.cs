namespace PluginDb.Fidelity;

/// <summary>
/// One tool's answer for one schema against one history: <c>in step</c>, <c>differs</c> (with the
/// objects), <c>history fails</c> (a migration does not apply to an empty database), or <c>error</c>
/// (the schema or the check itself failed; <see cref="Detail"/> says how).
/// </summary>
internal sealed record Verdict(string Outcome, IReadOnlyList<ObjectChange> Changes, string Detail)
{
    public const string InStep = "in step";
    public const string Differs = "differs";
    public const string HistoryFails = "history fails";
    public const string Error = "error";

    /// <summary>Whether two answers agree: the same outcome, and where both differ, the same objects at the grain both name.</summary>
    public bool AgreesWith(Verdict other, bool sqlite) =>
        Outcome == other.Outcome && (Outcome != Differs || ObjectChange.Normalise(Changes, sqlite).SetEquals(ObjectChange.Normalise(other.Changes, sqlite)));

    /// <summary>The objects only one side names, for the report: "+x" ours only, "-y" Prisma's only.</summary>
    public static string Disagreement(Verdict ours, Verdict prisma, bool sqlite)
    {
        if (ours.Outcome != prisma.Outcome)
        {
            return $"ours {ours.Outcome}{(ours.Detail.Length > 0 ? $" ({ours.Detail})" : "")}; Prisma {prisma.Outcome}{(prisma.Detail.Length > 0 ? $" ({prisma.Detail})" : "")}";
        }
        var a = ObjectChange.Normalise(ours.Changes, sqlite);
        var b = ObjectChange.Normalise(prisma.Changes, sqlite);
        return string.Join("; ", a.Except(b).Select(c => "ours only: " + c).Concat(b.Except(a).Select(c => "Prisma only: " + c)).Order(StringComparer.Ordinal));
    }
}
