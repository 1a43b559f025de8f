using VidaPlus.Data.Enums;

namespace VidaPlus.Data.Entities;

/// <summary>A stock item (table <c>estoques</c>).</summary>
public class Estoque
{
    public int Id { get; set; }
    public TipoItem TipoItem { get; set; }
    public required string Nome { get; set; }
    public int Quantidade { get; set; }
    public required string Unidade { get; set; }
    public DateOnly? DataValidade { get; set; }
}
