namespace VidaPlus.Data.Safety;

/// <summary>A lint rule: what it flags, why that hurts a large, busy table, and the safe way in EF Core.</summary>
public sealed record LintRule(string Id, string Name, string Why, string Fix)
{
    public static readonly LintRule IndexNotConcurrent = new("VP001", "index-not-concurrent",
        "CREATE INDEX without CONCURRENTLY blocks every write to the table for as long as the index takes to build.",
        "Build it concurrently: .IsCreatedConcurrently() on the index in its configuration (the migration then runs outside a transaction).");

    public static readonly LintRule DropIndexNotConcurrent = new("VP002", "drop-index-not-concurrent",
        "DROP INDEX takes an ACCESS EXCLUSIVE lock: it waits for every running query on the table, and everything queues behind it.",
        "migrationBuilder.Sql(\"DROP INDEX CONCURRENTLY IF EXISTS name;\", suppressTransaction: true) in place of DropIndex.");

    public static readonly LintRule ConstraintValidated = new("VP003", "constraint-validated-on-add",
        "Adding a foreign key or CHECK constraint to an existing table scans all of it while holding a lock that blocks writes.",
        "Add it NOT VALID with migrationBuilder.Sql(\"ALTER TABLE t ADD CONSTRAINT c ... NOT VALID\"), " +
        "then VALIDATE CONSTRAINT in a later migration (that scan does not block writes).");

    public static readonly LintRule SetNotNull = new("VP004", "set-not-null",
        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock to prove there is no NULL.",
        "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop the CHECK.");

    public static readonly LintRule TypeRewrite = new("VP005", "column-type-rewrite",
        "Changing a column's type rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock.",
        "Add a new column, backfill it in batches, switch the code over, then drop the old column. Widening varchar(n), or varchar to text, is fine.");

    public static readonly LintRule VolatileDefault = new("VP006", "volatile-default",
        "A column added with a volatile default (a function such as gen_random_uuid() or clock_timestamp()) rewrites the whole table.",
        "Add the column without a default (or with a constant), backfill in batches, then set the default.");

    public static readonly LintRule UniqueWithoutIndex = new("VP007", "unique-or-key-without-index",
        "Adding a unique constraint or primary key builds its index while blocking writes to the table.",
        "Create the unique index concurrently first (.IsCreatedConcurrently()), " +
        "then attach it: ADD CONSTRAINT ... UNIQUE USING INDEX / PRIMARY KEY USING INDEX.");

    public static readonly LintRule DropOrRename = new("VP008", "drop-or-rename",
        "Dropping or renaming a column or table breaks the replicas still running the old code during a deploy, and dropping loses the data.",
        "Stop using it in the code and deploy that first; drop it in a later migration, and back the data up if it matters.");

    public static readonly LintRule EnumLabelRemoved = new("VP009", "enum-label-removed",
        "PostgreSQL cannot remove or rename an enum label in place (EF recreates the type), and rows or old replicas " +
        "holding the label break; Npgsql throws on unknown labels at run time.",
        "Keep the label and stop using it; to really remove it, migrate the rows off it first and recreate the type by hand in a dedicated migration.");

    public static readonly LintRule EnumLabelAddedAndUsed = new("VP010", "enum-label-added-and-used",
        "A label added by ALTER TYPE ... ADD VALUE cannot be used in the same transaction: the migration fails.",
        "Add the label in one migration and use it (data, defaults) in a later one.");

    public static readonly LintRule RawSql = new("VP000", "raw-sql-not-checked",
        "Raw SQL is not checked by these rules.",
        "Review it by hand for locks, rewrites and data loss.");

    public static IReadOnlyList<LintRule> All { get; } =
    [
        IndexNotConcurrent, DropIndexNotConcurrent, ConstraintValidated, SetNotNull, TypeRewrite, VolatileDefault,
        UniqueWithoutIndex, DropOrRename, EnumLabelRemoved, EnumLabelAddedAndUsed,
    ];
}

/// <summary>One operation a rule flags in one migration; <see cref="AcceptedReason"/> set when the migration accepts it.</summary>
public sealed record LintFinding(LintRule Rule, string Migration, string Operation, string? AcceptedReason)
{
    public bool IsProblem => AcceptedReason is null && Rule != LintRule.RawSql;

    public override string ToString() => AcceptedReason is not null
        ? $"{Rule.Id} {Rule.Name} accepted in {Migration}: {Operation}. Reason: {AcceptedReason}"
        : Rule == LintRule.RawSql
            ? $"{Rule.Id} not checked in {Migration}: {Operation}. {Rule.Fix}"
            : $"{Rule.Id} {Rule.Name} in {Migration}: {Operation}. {Rule.Why} Safe way: {Rule.Fix}";
}
