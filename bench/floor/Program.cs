using Npgsql;

await using var connection = new NpgsqlConnection(args[0]);
await connection.OpenAsync();
await using var command = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1", connection);
await using var reader = await command.ExecuteReaderAsync();
var count = 0;
while (await reader.ReadAsync())
{
    count++;
}
Console.WriteLine($"{count} migrations applied");
