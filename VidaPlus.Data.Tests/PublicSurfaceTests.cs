using VidaPlus.Data.Tests.Infrastructure;

namespace VidaPlus.Data.Tests;

/// <summary>
/// What VidaPlus.Data exports, and why each type must be public: what the API (another assembly) uses, what a public
/// signature returns, and what EF Core's tools find. Everything else is internal (the tests see it through
/// InternalsVisibleTo); a new public type fails here until it is made internal or given its reason.
/// </summary>
[Trait(Category.Name, Category.NoDatabase)]
public sealed class PublicSurfaceTests
{
    private const string Model = "the model: the context's DbSets and the API's endpoints read and write them";
    private const string Generated = "written by `dotnet ef migrations add`, which makes migrations public; EF Core's tools find them";
    private const string Wiring = "the API's Program.cs and verbs register the database, the engine and the settings with these";
    private const string Verbs = "the `db` verbs, /db/status and readiness call these or read what they return";
    private const string Errors = "the API maps these to exit codes and messages";
    private const string Telemetry = "the API's and the verbs' OpenTelemetry wiring reads these names and settings, and starts the verbs' spans";
    private const string SignIn = "the API's sign-in endpoint, its token check and `user add` use these";
    private const string Authoring = "the project's migrations call these (migrationBuilder.Backfill, ExpandColumn) when a developer writes them";

    private static readonly Dictionary<string, string> Reasons = new()
    {
        ["VidaPlus.Data.VidaPlusDbContext"] = Model,
        ["VidaPlus.Data.Entities.AdminUser"] = Model,
        ["VidaPlus.Data.Entities.Consulta"] = Model,
        ["VidaPlus.Data.Entities.Estoque"] = Model,
        ["VidaPlus.Data.Entities.Exame"] = Model,
        ["VidaPlus.Data.Entities.IRowVersioned"] = Model,
        ["VidaPlus.Data.Entities.Leito"] = Model,
        ["VidaPlus.Data.Entities.PacienteUser"] = Model,
        ["VidaPlus.Data.Entities.Prescricao"] = Model,
        ["VidaPlus.Data.Entities.ProfissionalUser"] = Model,
        ["VidaPlus.Data.Entities.Prontuario"] = Model,
        ["VidaPlus.Data.Entities.User"] = Model,
        ["VidaPlus.Data.Enums.Especialidade"] = Model,
        ["VidaPlus.Data.Enums.HorarioAtendimento"] = Model,
        ["VidaPlus.Data.Enums.StatusConsulta"] = Model,
        ["VidaPlus.Data.Enums.StatusExame"] = Model,
        ["VidaPlus.Data.Enums.StatusLeito"] = Model,
        ["VidaPlus.Data.Enums.TipoConsulta"] = Model,
        ["VidaPlus.Data.Enums.TipoExame"] = Model,
        ["VidaPlus.Data.Enums.TipoItem"] = Model,
        ["VidaPlus.Data.Enums.TipoLeito"] = Model,
        ["VidaPlus.Data.Enums.TipoPrescricao"] = Model,
        ["VidaPlus.Data.Enums.UserRole"] = Model,
        ["VidaPlus.Data.PostgresEnums"] = Model,
        ["VidaPlus.Data.Migrations.AddEstoquesAndLeitos"] = Generated,
        ["VidaPlus.Data.Migrations.AddRowVersions"] = Generated,
        ["VidaPlus.Data.Migrations.InitialSchema"] = Generated,
        ["VidaPlus.Data.Migrations.MakeLeitoPacienteOptional"] = Generated,
        ["VidaPlus.Data.DesignTimeDbContextFactory"] = Generated,
        ["VidaPlus.Data.Safety.BackfillMigrationBuilderExtensions"] = Authoring,
        ["VidaPlus.Data.Safety.BackfillOperation"] = Authoring,
        ["VidaPlus.Data.Deploys.ExpandContractMigrationBuilderExtensions"] = Authoring,
        ["VidaPlus.Data.Hosting.DatabaseServiceCollectionExtensions"] = Wiring,
        ["VidaPlus.Data.Engine.EngineServiceCollectionExtensions"] = Wiring,
        ["VidaPlus.Data.Configuration.EnvFileConfigurationExtensions"] = Wiring,
        ["VidaPlus.Data.Configuration.VidaPlusSettings"] = Wiring,
        ["VidaPlus.Data.VidaPlusDbContextOptions"] = Wiring,
        ["VidaPlus.Data.Connection.DatabaseUrl"] = Wiring,
        ["VidaPlus.Data.Connection.DatabaseUrlException"] = Wiring,
        ["VidaPlus.Data.Engine.LockWaitOptions"] = Wiring,
        ["VidaPlus.Data.Safety.UnsafeMigrationOptions"] = Wiring,
        ["VidaPlus.Data.Auth.TokenSettings"] = Wiring,
        ["VidaPlus.Data.Hosting.StartupState"] = Wiring,
        ["VidaPlus.Data.Hosting.ServingRoleHealth"] = Wiring,
        ["VidaPlus.Data.Engine.MigrationProgress"] = Wiring,
        ["VidaPlus.Data.Engine.MigrationService"] = Verbs,
        ["VidaPlus.Data.Engine.HeadCheck"] = Verbs,
        ["VidaPlus.Data.Engine.MigrationState"] = Verbs,
        ["VidaPlus.Data.Engine.MigrationRun"] = Verbs,
        ["VidaPlus.Data.Engine.MigrationStep"] = Verbs,
        ["VidaPlus.Data.Engine.DryRunStep"] = Verbs,
        ["VidaPlus.Data.Engine.CheckProblem"] = Verbs,
        ["VidaPlus.Data.Engine.CompiledMigration"] = Verbs,
        ["VidaPlus.Data.Engine.CompiledMigrations"] = Verbs,
        ["VidaPlus.Data.Engine.MigrationDirection"] = Verbs,
        ["VidaPlus.Data.Engine.Revision"] = Verbs,
        ["VidaPlus.Data.Integrity.MigrationRecord"] = Verbs,
        ["VidaPlus.Data.Integrity.DriftAllowList"] = Verbs,
        ["VidaPlus.Data.Compatibility.Classification"] = Verbs,
        ["VidaPlus.Data.Compatibility.CompatibilityClass"] = Verbs,
        ["VidaPlus.Data.Compatibility.CompatibilityClassNames"] = Verbs,
        ["VidaPlus.Data.Safety.LintFinding"] = Verbs,
        ["VidaPlus.Data.Safety.MigrationTraceResult"] = Verbs,
        ["VidaPlus.Data.Safety.PlannedFill"] = Verbs,
        ["VidaPlus.Data.Deploys.HeldContract"] = Verbs,
        ["VidaPlus.Data.Deploys.ServingBuild"] = Verbs,
        ["VidaPlus.Data.Deploys.ContractOptions"] = Wiring,
        ["VidaPlus.Data.Safety.TracedStatement"] = Verbs,
        ["VidaPlus.Data.Safety.TracedTable"] = Verbs,
        ["VidaPlus.Data.Safety.LintRule"] = Verbs,
        ["VidaPlus.Data.Adoption.AdoptionOptions"] = Verbs,
        ["VidaPlus.Data.Adoption.AdoptionReport"] = Verbs,
        ["VidaPlus.Data.Adoption.AdoptionStep"] = Verbs,
        ["VidaPlus.Data.Auth.UserAccounts"] = SignIn,
        ["VidaPlus.Data.Auth.SignIns"] = SignIn,
        ["VidaPlus.Data.Auth.SignInThrottle"] = SignIn,
        ["VidaPlus.Data.Auth.SignInServiceCollectionExtensions"] = Wiring,
        ["VidaPlus.Data.Auth.SignInResult"] = SignIn,
        ["VidaPlus.Data.Auth.SignInStatus"] = SignIn,
        ["VidaPlus.Data.Auth.SignInOptions"] = SignIn,
        ["VidaPlus.Data.Auth.PasswordChecks"] = SignIn,
        ["VidaPlus.Data.Auth.PasswordCheck"] = SignIn,
        ["VidaPlus.Data.Auth.TokenUsers"] = SignIn,
        ["VidaPlus.Data.Auth.TokenUser"] = SignIn,
        ["VidaPlus.Data.Telemetry.VidaPlusTelemetry"] = Telemetry,
        ["VidaPlus.Data.Telemetry.TelemetryOptions"] = Telemetry,
        ["VidaPlus.Data.Telemetry.LogFormat"] = Telemetry,
        ["VidaPlus.Data.Engine.MigrationInterruptedException"] = Errors,
        ["VidaPlus.Data.Engine.MigrationStateException"] = Errors,
        ["VidaPlus.Data.Engine.MigrationTargetException"] = Errors,
        ["VidaPlus.Data.Hosting.DatabaseUnavailableException"] = Errors,
        ["VidaPlus.Data.Connection.ConnectionFailure"] = Errors,
    };

    [Fact]
    public void EveryExportedType_HasItsReason()
    {
        var exported = typeof(VidaPlusDbContext).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        var unexplained = exported.Except(Reasons.Keys).ToList();
        var gone = Reasons.Keys.Except(exported).ToList();

        Assert.True(unexplained.Count == 0 && gone.Count == 0,
            $"{exported.Count} exported types. Public without a reason (make it internal, or say why here):\n  " +
            $"{string.Join("\n  ", unexplained)}\nListed but no longer exported:\n  {string.Join("\n  ", gone)}");
    }
}
