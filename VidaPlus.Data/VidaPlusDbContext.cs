using Microsoft.EntityFrameworkCore;
using VidaPlus.Data.Conventions;
using VidaPlus.Data.Entities;

namespace VidaPlus.Data;

/// <summary>
/// The whole VidaPlus schema. Migrations live in <c>Migrations/</c> beside this class.
/// </summary>
/// <remarks>
/// Run from the repository root, with DATABASE_URL in the environment or in <c>.env</c>
/// (<c>dotnet tool restore</c> once first):
/// <code>
/// dotnet ef migrations add NAME --project VidaPlus.Data        # autogenerate from the model diff
/// dotnet ef database update --project VidaPlus.Data            # apply every pending migration
/// dotnet ef database update NAME --project VidaPlus.Data       # go up or down to NAME
/// dotnet ef database update 0 --project VidaPlus.Data          # down to an empty schema
/// dotnet ef migrations script --project VidaPlus.Data          # SQL for a DBA, no connection needed
/// dotnet ef migrations has-pending-model-changes --project VidaPlus.Data
/// dotnet ef migrations list --no-connect --project VidaPlus.Data
/// dotnet ef migrations remove --project VidaPlus.Data          # drop the last, unapplied migration
/// </code>
/// </remarks>
public class VidaPlusDbContext(DbContextOptions<VidaPlusDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<AdminUser> AdminUsers => Set<AdminUser>();
    public DbSet<PacienteUser> Pacientes => Set<PacienteUser>();
    public DbSet<ProfissionalUser> Profissionais => Set<ProfissionalUser>();
    public DbSet<Prontuario> Prontuarios => Set<Prontuario>();
    public DbSet<Consulta> Consultas => Set<Consulta>();
    public DbSet<Exame> Exames => Set<Exame>();
    public DbSet<Prescricao> Prescricoes => Set<Prescricao>();
    public DbSet<Estoque> Estoques => Set<Estoque>();
    public DbSet<Leito> Leitos => Set<Leito>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Conventions.Add(_ => new SnakeCaseNamingConvention());

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        PostgresEnums.DeclareAll(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VidaPlusDbContext).Assembly);
    }
}
