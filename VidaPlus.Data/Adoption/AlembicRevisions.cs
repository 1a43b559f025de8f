using VidaPlus.Data.Migrations;

namespace VidaPlus.Data.Adoption;

/// <summary>A revision of the Python app's Alembic history that VidaPlus can adopt.</summary>
/// <param name="Id">The <c>alembic_version.version_num</c>.</param>
/// <param name="Migration">The name of our migration whose schema it has (up to names and types, see <see cref="AlembicShape"/>).</param>
/// <param name="LeitosSuffix">76b35f4c764f rebuilt leitos as leitos_new and renamed it, so PostgreSQL gave its sequence, key
/// and foreign key a "1" suffix (<c>leitos_id_seq1</c>, <c>leitos_pkey1</c>, <c>leitos_paciente_id_fkey1</c>).</param>
internal sealed record AlembicRevision(string Id, string Migration, string LeitosSuffix);

/// <summary>The main line of the Python app's Alembic history, each revision with the migration it matches, column by
/// column (the adoption tests load a dump of each and compare it object by object).</summary>
internal static class AlembicRevisions
{
    public static IReadOnlyList<AlembicRevision> Adoptable { get; } =
    [
        new("8411d3b4e410", nameof(InitialSchema), ""),
        new("bc7827844a23", nameof(AddEstoquesAndLeitos), ""),
        new("76b35f4c764f", nameof(MakeLeitoPacienteOptional), "1"),
        // The app's head: the same schema as 76b35f4c764f, only the revision differs.
        new("36a57979bb23", nameof(MakeLeitoPacienteOptional), "1"),
    ];

    /// <summary>The adoptable revision, or an error naming why not.</summary>
    /// <exception cref="Engine.MigrationStateException">Not on the main line, such as the abandoned root 7f60e1ea6219.</exception>
    public static AlembicRevision Find(string id) =>
        Adoptable.FirstOrDefault(r => r.Id == id) ?? throw new Engine.MigrationStateException(
            $"Alembic revision {id} is not one VidaPlus can adopt: only the Python app's main line " +
            $"({string.Join(", ", Adoptable.Select(r => r.Id))}) has a schema ours descends from. " +
            "Bring the database to one of those with the Python app's Alembic first. Nothing was changed.");
}
