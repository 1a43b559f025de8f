namespace VidaPlus.Data.Safety;

/// <summary>A lint rule: what it flags, why that hurts a large, busy table, and the safe way in EF Core.</summary>
public sealed record LintRule(string Id, string Name, string Why, string Fix)
{
    public static readonly LintRule IndexNotConcurrent = new("VP001", "index-not-concurrent",
        "CREATE INDEX without CONCURRENTLY blocks every write to the table for as long as the index takes to build.",
        "Generate the migration with `dotnet ef migrations add`, which builds it concurrently on an existing table " +
        "(Npgsql:CreatedConcurrently), or .IsCreatedConcurrently() on the index.");

    public static readonly LintRule DropIndexNotConcurrent = new("VP002", "drop-index-not-concurrent",
        "DROP INDEX takes an ACCESS EXCLUSIVE lock: it waits for every running query on the table, and everything queues behind it.",
        "Generate the migration with `dotnet ef migrations add`, which drops it concurrently (VidaPlus:Online on the DropIndex).");

    public static readonly LintRule ConstraintValidated = new("VP003", "constraint-validated-on-add",
        "Adding a foreign key or CHECK constraint to an existing table scans all of it while holding a lock that blocks writes.",
        "Generate the migration with `dotnet ef migrations add`, which adds it NOT VALID and validates it in a transaction " +
        "of its own (VidaPlus:Online), a scan that blocks no writer.");

    public static readonly LintRule SetNotNull = new("VP004", "set-not-null",
        "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock to prove there is no NULL.",
        "Generate the migration with `dotnet ef migrations add`, which proves it with a CHECK (col IS NOT NULL) NOT VALID, " +
        "validated, before SET NOT NULL (VidaPlus:Online; PostgreSQL 12+ then skips the scan).");

    public static readonly LintRule TypeRewrite = new("VP005", "column-type-rewrite",
        "Changing a column's type rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock.",
        "Add a new column, fill it with migrationBuilder.Backfill(...), switch the code over, then drop the old column. " +
        "Widening varchar(n), or varchar to text, is fine.");

    public static readonly LintRule VolatileDefault = new("VP006", "volatile-default",
        "A column added with a volatile default (a function such as gen_random_uuid() or clock_timestamp()) rewrites the whole table.",
        "Add the column without a default (or with a constant), fill it with migrationBuilder.Backfill(...), then set the default.");

    public static readonly LintRule UniqueWithoutIndex = new("VP007", "unique-or-key-without-index",
        "Adding a unique constraint or primary key builds its index while blocking writes to the table.",
        "Create the unique index concurrently first (.IsCreatedConcurrently()), " +
        "then attach it: ADD CONSTRAINT ... UNIQUE USING INDEX / PRIMARY KEY USING INDEX.");

    public static readonly LintRule DropOrRename = new("VP008", "drop-or-rename",
        "Dropping or renaming a column or table breaks the replicas still running the old code during a deploy, and dropping loses the data.",
        "Stop using it in the code and deploy that first; drop it in a later migration, and back the data up if it matters.");

    public static readonly LintRule EnumLabelRemoved = new("VP009", "enum-label-removed",
        "PostgreSQL cannot remove an enum label in place: the type is recreated and every column of it rewritten under an " +
        "ACCESS EXCLUSIVE lock, and the migration stops while any row holds the label.",
        "Move the rows off the label first (migrationBuilder.Backfill, in an earlier migration), and stop writing it; then " +
        "accept the rewrite on a small table with [AcceptsRisk(\"VP009\", \"why\")]. On a big one, keep the label.");

    public static readonly LintRule EnumLabelAddedAndUsed = new("VP010", "enum-label-added-and-used",
        "A label added by ALTER TYPE ... ADD VALUE cannot be used in the same transaction: the migration fails.",
        "Add the label in one migration and use it (data, defaults) in a later one.");

    public static readonly LintRule UnbatchedDataChange = new("VP011", "unbatched-data-change",
        "An UPDATE or DELETE of an existing table in a migration changes every row in one transaction: it holds each row " +
        "lock until the end, stalls the writers that touch them, and bloats the table.",
        "Write it as migrationBuilder.Backfill(table, column, value, where): batches of keys, each its own short " +
        "transaction, resumed if interrupted (or accept it on a small table).");

    public static readonly LintRule Traced = new("VP012", "blocks-writers-traced",
        "Run against a copy of the schema, the statement took a lock that makes writers wait and then rewrote or read the whole " +
        "table, or changed its rows in one statement that read all of it: on this table writers wait for all of that.",
        "Use the online form (`dotnet ef migrations add` writes it for the model's changes; migrationBuilder.Backfill for data; " +
        "CREATE INDEX CONCURRENTLY in Sql(..., suppressTransaction: true)), or accept it on a small table with " +
        "[AcceptsRisk(\"VP012\", \"why\")]. `db lint --trace` shows what each statement does.");

    public static readonly LintRule BackfillWithoutKey = new("VP013", "backfill-without-key",
        "A backfill walks its table's key in order, batch by batch; a table with no primary key gives it none, and the migration " +
        "would stop once its schema changes have committed.",
        "Name a unique, NOT NULL key of the table: migrationBuilder.Backfill(..., key: [\"column\"]).");

    public static readonly LintRule RawSql = new("VP000", "raw-sql-not-checked",
        "Raw SQL is not checked by these rules: on a table that holds rows it may lock it, rewrite it or change every row.",
        "Review it by hand for locks, rewrites and data loss, then say so with [AcceptsRisk(\"VP000\", \"why\")]; " +
        "for a data change, use migrationBuilder.Backfill(...).");

    public static IReadOnlyList<LintRule> All { get; } =
    [
        IndexNotConcurrent, DropIndexNotConcurrent, ConstraintValidated, SetNotNull, TypeRewrite, VolatileDefault,
        UniqueWithoutIndex, DropOrRename, EnumLabelRemoved, EnumLabelAddedAndUsed, UnbatchedDataChange, Traced, BackfillWithoutKey,
    ];
}

/// <summary>One operation a rule flags in one migration; <see cref="AcceptedReason"/> set when the migration accepts it.</summary>
/// <param name="Table">The table the operation acts on, whose size decides whether applying it is refused.</param>
public sealed record LintFinding(LintRule Rule, string Migration, string Operation, string? AcceptedReason, string? Table = null)
{
    /// <summary>Not accepted, and not raw SQL that names no existing table (which is only listed as not checked).</summary>
    public bool IsProblem => AcceptedReason is null && (Rule != LintRule.RawSql || Table is not null);

    public override string ToString() => AcceptedReason is not null
        ? $"{Rule.Id} {Rule.Name} accepted in {Migration}: {Operation}. Reason: {AcceptedReason}"
        : !IsProblem
            ? $"{Rule.Id} not checked in {Migration}: {Operation}. {Rule.Fix}"
            : $"{Rule.Id} {Rule.Name} in {Migration}: {Operation}. {Rule.Why} Safe way: {Rule.Fix}";
}
