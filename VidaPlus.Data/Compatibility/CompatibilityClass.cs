using VidaPlus.Data.Engine;

namespace VidaPlus.Data.Compatibility;

/// <summary>
/// Whether the build before a migration still works on the schema after it. Expand: yes (it only adds or loosens),
/// so an older build may keep serving, restart and scale out on it. Contract: it may break (it drops, renames,
/// retypes or tightens something older code reads or writes), so the database must go back first.
/// </summary>
public enum CompatibilityClass
{
    Expand,
    Contract,
}

/// <summary>The one text of each class, as stored in the records and shown: "expand" or "contract".</summary>
public static class CompatibilityClassNames
{
    public static string Name(this CompatibilityClass compatibility) => compatibility == CompatibilityClass.Expand ? "expand" : "contract";

    /// <summary>The class a record holds; null for a record older than the classes.</summary>
    /// <exception cref="FormatException">Text no VidaPlus build writes.</exception>
    public static CompatibilityClass? Parse(string? text) => text switch
    {
        null => null,
        "expand" => CompatibilityClass.Expand,
        "contract" => CompatibilityClass.Contract,
        _ => throw new FormatException($"'{text}' is not a compatibility class (expand or contract)."),
    };
}

/// <summary>One direction of a migration, classified.</summary>
/// <param name="Reasons">For contract, each operation that makes it so.</param>
/// <param name="Declared">The reason given with <see cref="DeclaredExpandAttribute"/>, when the class is declared.</param>
public sealed record Classification(CompatibilityClass Class, IReadOnlyList<string> Reasons, string? Declared = null)
{
    public override string ToString() =>
        Declared is not null ? $"expand (declared: {Declared})"
        : Class == CompatibilityClass.Expand ? Class.Name()
        : $"{Class.Name()} ({string.Join("; ", Reasons)})";

    /// <summary>The class as stored and shown.</summary>
    public string Name => Class.Name();
}

/// <summary>
/// Declares one direction of a migration expand although its operations say contract (raw SQL above all, which is
/// not read), with why, e.g. <c>[DeclaredExpand("backfills estoques.unidade_medida in batches; reads nothing old code uses")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class DeclaredExpandAttribute(string reason) : Attribute
{
    public string Reason { get; } = string.IsNullOrWhiteSpace(reason)
        ? throw new ArgumentException("Give the reason older code keeps working.", nameof(reason))
        : reason;

    /// <summary>Up (the default) or Down.</summary>
    public MigrationDirection Direction { get; init; } = MigrationDirection.Up;
}
