using System.CommandLine;
using VidaPlus.Data.Engine;

namespace VidaPlus.Api.Commands;

internal static class ScriptCommand
{
    public static Command Create(CommandRunner run)
    {
        var from = new Argument<string>("FROM")
        {
            Description = "base (the default), head, an id or name, or -N (N before head).",
            DefaultValueFactory = _ => Revision.Base,
        };
        var to = new Argument<string>("TO")
        {
            Description = "head (the default), base, an id or name, or +N (N after FROM).",
            DefaultValueFactory = _ => Revision.Head,
        };
        var idempotent = new Option<bool>("--idempotent") { Description = "Guard each migration and each step with psql's \\if, so psql can run the script against a database at any revision, and again after it stopped." };
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write the SQL to this file instead of standard output." };
        var command = new Command("script", "The SQL from FROM to TO, for a DBA to run; needs no database connection.") { from, to, idempotent, outputFile };
        command.SetAction((parse, ct) => run.OfflineAsync(parse, async service =>
        {
            var sql = service.Script(parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(idempotent));
            if (parse.GetValue(outputFile) is { } file)
            {
                await WriteAtomicallyAsync(file, sql, ct);
                await run.Error.WriteLineAsync($"Wrote {file.FullName}");
            }
            else
            {
                await run.Output.WriteAsync(sql);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    // Into a temporary file beside the target, then renamed over it: a failed write leaves no half file.
    private static async Task WriteAtomicallyAsync(FileInfo file, string text, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(file.DirectoryName ?? ".", $".{file.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
            File.Move(temporary, file.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
