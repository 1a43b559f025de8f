using Microsoft.EntityFrameworkCore.Migrations;
using VidaPlus.Data.Migrations;

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>The ids of the committed migrations, read from their [Migration] attributes, so no id is copied by hand.</summary>
internal static class Revisions
{
    public const string Base = Migration.InitialDatabase;
    public static readonly string InitialSchema = IdOf<InitialSchema>();
    public static readonly string AddEstoquesAndLeitos = IdOf<AddEstoquesAndLeitos>();
    public static readonly string MakeLeitoPacienteOptional = IdOf<MakeLeitoPacienteOptional>();

    private static string IdOf<T>() where T : Migration =>
        typeof(T).GetCustomAttributes(typeof(MigrationAttribute), false).Cast<MigrationAttribute>().Single().Id;
}
