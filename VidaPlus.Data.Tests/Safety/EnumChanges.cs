using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests.Safety;

/// <summary>
/// statusleito's labels changed in the model, as a developer changes <c>StatusLeito</c>'s members or their [PgName]:
/// one context type per change, so that EF Core's model cache keeps them apart.
/// </summary>
internal abstract class EnumChangeContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public const string Before = "OCUPADO,LIVRE,RESERVADO,EM_MANUTENCAO";

    protected abstract string Labels { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // What PostgresEnums.DeclareAll writes from the members' [PgName]s (HasPostgresEnum keeps a type's first labels).
        modelBuilder.HasAnnotation("Npgsql:Enum:statusleito", Labels);
    }
}

/// <summary>[PgName("LIVRE")] changed to [PgName("DISPONIVEL")].</summary>
internal sealed class RenamedLabelContext(DbContextOptions<VidaPlusDbContext> options) : EnumChangeContext(options)
{
    public const string After = "OCUPADO,DISPONIVEL,RESERVADO,EM_MANUTENCAO";

    protected override string Labels => After;

    public static RenamedLabelContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

/// <summary>A member LIMPEZA declared after Ocupado.</summary>
internal sealed class InsertedLabelContext(DbContextOptions<VidaPlusDbContext> options) : EnumChangeContext(options)
{
    public const string After = "OCUPADO,LIMPEZA,LIVRE,RESERVADO,EM_MANUTENCAO";

    protected override string Labels => After;

    public static InsertedLabelContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

/// <summary>The member Livre removed.</summary>
internal sealed class RemovedLabelContext(DbContextOptions<VidaPlusDbContext> options) : EnumChangeContext(options)
{
    public const string After = "OCUPADO,RESERVADO,EM_MANUTENCAO";

    protected override string Labels => After;

    public static RemovedLabelContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));
}

/// <summary>A generated migration as its files hold it: the operations, and the Designer's target model that lint reads.</summary>
internal sealed class GeneratedMigration(IReadOnlyList<MigrationOperation> up, Microsoft.EntityFrameworkCore.Metadata.IModel? target = null) : Migration
{
    public override Microsoft.EntityFrameworkCore.Metadata.IModel TargetModel => target ?? base.TargetModel;

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Operations.AddRange(up);
}

/// <summary>userrole's label PROFISSIONAL removed: the users hierarchy maps it (TPT), on users.tipo alone.</summary>
internal sealed class UserRoleRemovedContext(DbContextOptions<VidaPlusDbContext> options) : VidaPlusDbContext(options)
{
    public static UserRoleRemovedContext Create(string? connectionString = null) => new(TestBuilds.Options(connectionString));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.HasAnnotation("Npgsql:Enum:userrole", "ADMIN,PACIENTE");
    }
}
