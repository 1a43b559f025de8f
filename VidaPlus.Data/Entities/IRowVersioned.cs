namespace VidaPlus.Data.Entities;

/// <summary>A row with an int id and PostgreSQL's xmin as its version (the concurrency token).</summary>
public interface IRowVersioned
{
    int Id { get; }

    uint Version { get; }
}
