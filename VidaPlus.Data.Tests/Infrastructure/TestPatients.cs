namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>Two patients who sign in with the same password as the Python app stored it: one active, one not.</summary>
internal static class TestPatients
{
    public const string Password = "Sênha-de-teste-42";
    public const string Active = "paciente@tests.vidaplus";
    public const string Inactive = "inativo@tests.vidaplus";

    /// <summary>Adds them, each with its hash of <see cref="Password"/> (argon2-cffi's, made by the test).</summary>
    public static Task SeedAsync(TestDatabase database, string activeHash, string inactiveHash) => database.ExecuteAsync($"""
        INSERT INTO users (nome, email, senha, tipo, is_active, is_superuser) VALUES
            ('Paulo', '{Active}', '{activeHash}', 'PACIENTE', true, false), ('Ines', '{Inactive}', '{inactiveHash}', 'PACIENTE', false, false);
        INSERT INTO paciente_users (id, cpf, data_nascimento, endereco, numero, bairro, cidade, estado, cep)
            SELECT id, 'cpf' || id, '1980-01-01', 'Rua', 1, 'B', 'C', 'SP', '0' FROM users WHERE email IN ('{Active}', '{Inactive}');
        """);
}
