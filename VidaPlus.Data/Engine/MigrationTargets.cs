using System.Globalization;

namespace VidaPlus.Data.Engine;

/// <summary>
/// The target grammar of the <c>db</c> verbs, resolved against the compiled migrations and, for steps, the state:
/// <c>head</c>, <c>base</c>, a full id or a name (case-insensitive), <c>+N</c>, <c>-N</c>. Answers an id, or
/// <see cref="Revision.Base"/>. No database: a typo is a usage error before anything connects.
/// </summary>
internal sealed class MigrationTargets(CompiledMigrations compiled)
{
    private IReadOnlyList<CompiledMigration> Migrations => compiled.All;

    /// <summary>head, an id or name, or +N (the next N pending).</summary>
    public string Upgrade(string target, MigrationState state) =>
        Required(target).StartsWith('+')
            ? state.Pending[StepCount(target, state.Pending.Count, "pending") - 1].Id
            : Resolve(target, allowBase: false);

    /// <summary>base, an id or name, or -N (the last N applied).</summary>
    public string Downgrade(string target, MigrationState state)
    {
        if (Required(target).StartsWith('-'))
        {
            var n = StepCount(target, state.Applied.Count, "applied");
            return n == state.Applied.Count ? Revision.Base : state.Applied[state.Applied.Count - 1 - n];
        }
        return Revision.IsHead(target)
            ? throw new MigrationTargetException("`db downgrade head` goes nowhere: give base, -N, or a migration's id or name.")
            : Resolve(target, allowBase: true);
    }

    /// <summary>Any target: +N counts forward from the current revision, -N back.</summary>
    public string Stamp(string target, MigrationState state) => Required(target)[0] switch
    {
        '+' => Upgrade(target, state),
        '-' => Downgrade(target, state),
        _ => Resolve(target, allowBase: true),
    };

    /// <summary>FROM is base, head, an id or a name, +N (after base) or -N (before head); TO is one of those or +N/-N
    /// counted from FROM. Answers both as revisions.</summary>
    public (string From, string To) Script(string from, string to)
    {
        var fromIndex = Required(from)[0] switch
        {
            '+' => Offset(from, -1),
            '-' => Offset(from, Migrations.Count - 1),
            _ => IndexOf(Resolve(from, allowBase: true)),
        };
        var toIndex = Required(to)[0] is '+' or '-' ? Offset(to, fromIndex) : IndexOf(Resolve(to, allowBase: true));
        return (At(fromIndex), At(toIndex));
    }

    /// <summary>Checks a target that names a revision (not head, +N or -N, which need the state).</summary>
    public void Validate(string target, bool allowBase)
    {
        if (Required(target)[0] is not ('+' or '-') && !Revision.IsHead(target))
        {
            Resolve(target, allowBase);
        }
    }

    private static string Required(string target) =>
        string.IsNullOrWhiteSpace(target)
            ? throw new MigrationTargetException("The target is empty: give head, base, an id or name, +N or -N.")
            : target.Trim();

    private string Resolve(string target, bool allowBase)
    {
        target = target.Trim();
        if (Revision.IsHead(target))
        {
            return compiled.Head;
        }
        if (Revision.IsBase(target))
        {
            return allowBase
                ? Revision.Base
                : throw new MigrationTargetException("`db upgrade base` goes nowhere: use `db downgrade base`.");
        }
        var matches = Migrations
            .Where(m => m.Id.Equals(target, StringComparison.OrdinalIgnoreCase) || m.Name.Equals(target, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw new MigrationTargetException(
                $"Unknown revision '{target}'. Known: {string.Join(", ", Migrations.Select(m => m.Name))}, head, base."),
            _ => throw new MigrationTargetException(
                $"'{target}' names {matches.Count} migrations ({string.Join(", ", matches.Select(m => m.Id))}): give the full id."),
        };
    }

    // The N of +N or -N, when at most `available` steps can be taken (`what` says of which).
    private static int StepCount(string target, int available, string what)
    {
        if (!int.TryParse(target.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new MigrationTargetException($"'{target}' is not a step count: use {target[0]}1, {target[0]}2...");
        }
        return n <= available
            ? n
            : throw new MigrationTargetException(
                $"'{target}' goes past {(target[0] == '+' ? "head" : "base")}: only {available} migration(s) {what}, " +
                $"so {target[0]}{available} at most. Nothing was changed.");
    }

    // Positions in the migration list, with -1 for base.
    private int IndexOf(string revision) =>
        Revision.IsBase(revision) ? -1 : Migrations.Select(m => m.Id).ToList().IndexOf(revision);

    private string At(int index) => index < 0 ? Revision.Base : Migrations[index].Id;

    // +N / -N steps from a position, staying within base..head.
    private int Offset(string target, int start)
    {
        var forward = target[0] == '+';
        var available = forward ? Migrations.Count - 1 - start : start + 1;
        var n = StepCount(target, available, $"{(forward ? "after" : "before")} {At(start)}");
        return forward ? start + n : start - n;
    }
}
