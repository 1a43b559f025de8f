using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A stock item (table <c>estoques</c>).</summary>
public class Estoque : IRowVersioned
{
    public int Id { get; set; }
    public TipoItem TipoItem { get; set; }
    public required string Nome { get; set; }
    public int Quantidade { get; set; }
    public required string Unidade { get; set; }
    public DateOnly? DataValidade { get; set; }

    /// <summary>PostgreSQL's xmin system column (the transaction that last wrote the row): the concurrency token, and
    /// the API's ETag. Not a column of its own: every PostgreSQL row has it.</summary>
    public uint Version { get; set; }
}
