using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using VidaPlus.Data.Deploys;
using VidaPlus.Data.Safety;

namespace VidaPlus.Data;

/// <summary>
/// What `dotnet ef` uses beside its own services when it works on this project (it finds this class in the startup
/// assembly): new migrations are written in their online form (<see cref="OnlineMigrationsModelDiffer"/>), a change older
/// code cannot survive as an expand and a contract migration (<see cref="ExpandContractScaffolder"/>).
/// </summary>
internal sealed class DesignTimeServices : IDesignTimeServices
{
    public void ConfigureDesignTimeServices(IServiceCollection serviceCollection)
    {
        serviceCollection.AddSingleton<IMigrationsModelDiffer>(services => new OnlineMigrationsModelDiffer(
            services.GetRequiredService<ICurrentDbContext>().Context.GetService<IMigrationsModelDiffer>(),
            services.GetRequiredService<ICurrentDbContext>().Context.GetService<IRelationalTypeMappingSource>()));
        serviceCollection.AddScoped(services => ExpandContractScaffolder.Create(
            ActivatorUtilities.CreateInstance<MigrationsScaffolder>(services), services.GetRequiredService<MigrationsScaffolderDependencies>()));
    }
}
